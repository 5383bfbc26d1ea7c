-- Wait a fixed time between the requests of each connection, so that the
-- load is a steady background rate rather than as much as the server takes.
-- Argument: DELAY-MS
local pause_ms = 10

function init(args)
  pause_ms = tonumber(args[1] or "10")
end

function delay()
  return pause_ms
end
