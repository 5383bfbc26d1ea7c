"""Reading JSON request bodies, within the configured size limit."""

from __future__ import annotations

import json

import falcon

from brainframe_server.errors import (
    InvalidFormatError,
    InvalidSyntaxError,
    RequestTooLargeError,
)


def read_json(req: falcon.Request, max_size: int) -> object:
    """Read and parse the body of ``req``.

    Raises:
        RequestTooLargeError: the body is longer than ``max_size`` bytes.
        InvalidFormatError: the body is empty.
        InvalidSyntaxError: the body is not UTF-8 JSON.
    """
    if req.content_length is not None and req.content_length > max_size:
        raise _too_large(max_size)
    # A chunked body has no Content-Length, so it is read from the raw stream,
    # still never more than one byte past the limit.
    stream = req.bounded_stream if req.content_length is not None else req.stream
    raw = stream.read(max_size + 1)
    if len(raw) > max_size:
        raise _too_large(max_size)
    if not raw.strip():
        raise InvalidFormatError("The request body is empty: expected a JSON object.")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidSyntaxError("The request body is not valid UTF-8.") from None
    except json.JSONDecodeError as error:
        raise InvalidSyntaxError(
            f"The request body is not valid JSON: {error.msg} at line "
            f"{error.lineno}, column {error.colno}."
        ) from None
    except RecursionError:
        raise InvalidSyntaxError("The request body is nested too deeply.") from None
    except ValueError:
        # Python refuses integers of more than 4300 digits, for example.
        raise InvalidSyntaxError(
            "The request body has a number too large to read."
        ) from None


def _too_large(max_size: int) -> RequestTooLargeError:
    return RequestTooLargeError(
        f"The request body is larger than the limit of {max_size} bytes."
    )
