-- Send each request with the next header value read from a file, one a line,
-- so that every request carries different credentials or a different cookie.
-- Arguments: FILE HEADER-NAME [DELAY-MS]
local values = {}
local index = 0
local header_name = "Authorization"
local pause_ms = 0

function init(args)
  for line in io.lines(args[1]) do
    values[#values + 1] = line
  end
  header_name = args[2]
  pause_ms = tonumber(args[3] or "0")
end

function request()
  index = index + 1
  if index > #values then
    index = 1
  end
  local headers = {}
  headers[header_name] = values[index]
  return wrk.format("GET", nil, headers)
end

function delay()
  return pause_ms
end
