"""One mapping from every exception to the ``{"title", "description"}`` response."""

from __future__ import annotations

import json
import logging

import falcon
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from brainframe_server.errors import (
    APIError,
    DatabaseUnavailableError,
    InvalidSyntaxError,
    MethodNotAllowedError,
    NotFoundError,
    RequestTooLargeError,
    UnknownError,
)
from brainframe_server.logs import printable

logger = logging.getLogger(__name__)


def install_error_handlers(app: falcon.App) -> None:
    """Route API errors, Falcon's own errors and unexpected exceptions to JSON."""
    app.add_error_handler(Exception, handle_unexpected_error)
    app.add_error_handler(OperationalError, handle_database_error)
    app.add_error_handler(PoolTimeoutError, handle_database_error)
    app.add_error_handler(falcon.HTTPError, handle_falcon_error)
    app.add_error_handler(APIError, handle_api_error)


def handle_api_error(req, resp, error: APIError, params) -> None:
    write_error(resp, error)
    if _is_script_request(req):
        # A Basic challenge makes the browser show its own login dialog over
        # the page whose script sent the request, such as the console.
        resp.delete_header("WWW-Authenticate")


def handle_falcon_error(req, resp, error: falcon.HTTPError, params) -> None:
    write_error(resp, _translate(req, error), extra_headers=error.headers)


def handle_unexpected_error(req, resp, error: Exception, params) -> None:
    logger.exception(
        "Unexpected %s while serving %s %s", type(error).__name__, req.method, req.path
    )
    write_error(
        resp,
        UnknownError("The server failed unexpectedly; the error has been logged."),
    )


def handle_database_error(req, resp, error: Exception, params) -> None:
    cause = getattr(error, "orig", None) or error
    logger.error(
        "Database unavailable while serving %s %s: %s",
        req.method,
        printable(req.path),
        type(cause).__name__,
    )
    write_error(
        resp,
        DatabaseUnavailableError("The database is unavailable; retry in a moment."),
    )


def write_error(resp, error: APIError, extra_headers=None) -> None:
    resp.status = error.status
    resp.content_type = falcon.MEDIA_JSON
    resp.text = json.dumps({"title": error.title, "description": error.description})
    for name, value in (extra_headers or {}).items():
        resp.set_header(name, value)
    for name, value in error.headers.items():
        resp.set_header(name, value)


def _is_script_request(req) -> bool:
    """Tell whether a browser sent ``req`` from a script, not a navigation."""
    mode = req.get_header("Sec-Fetch-Mode")
    return mode is not None and mode != "navigate"


def _translate(req, error: falcon.HTTPError) -> APIError:
    status = error.status_code
    if status == 404:
        return NotFoundError(f"No route matches {req.method} {req.path}.")
    if status == 405:
        return MethodNotAllowedError(
            f"The method {req.method} is not allowed on {req.path}."
        )
    if status == 413:
        return RequestTooLargeError("The request body is too large.")
    if status == 400:
        return InvalidSyntaxError(error.description or "The request is malformed.")
    translated = UnknownError(error.description or str(error.title))
    translated.status = status
    return translated
