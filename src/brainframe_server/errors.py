"""API errors: each has a stable ``title`` that clients map back to a class.

Every failure a client can see, from routing to storage, leaves the server as a
JSON object ``{"title": ..., "description": ...}`` with the status given here.
The titles are the error kinds of the BrainFrame REST API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar


class APIError(Exception):
    """Root of every error the API returns on purpose."""

    title = "UnknownError"
    status = 500
    headers: ClassVar[Mapping[str, str]] = {}

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class CredentialsError(APIError):
    """Credentials were missing, malformed or rejected."""

    status = 401


class UnauthorizedError(CredentialsError):
    title = "UnauthorizedError"
    headers: ClassVar[Mapping[str, str]] = {
        "WWW-Authenticate": 'Basic realm="BrainFrame", charset="UTF-8"'
    }


class ThrottledError(APIError):
    """Too many failed logins; the client must wait before trying again.

    The title stays ``UnauthorizedError`` so that BrainFrame clients treat it
    as a rejected login; the status and ``Retry-After`` give the time to retry.
    """

    title = "UnauthorizedError"
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many failed logins: retry after {retry_after} seconds.")
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class InvalidSessionError(CredentialsError):
    """The session id is unknown, expired or revoked.

    The client then retries once with its username and password, so this must
    never be reported as ``UnauthorizedError``.
    """

    title = "InvalidSessionError"


class InsufficientRoleError(APIError):
    title = "InsufficientRoleError"
    status = 403


class CrossOriginRequestError(APIError):
    """A browser sent a state-changing request from a page of another origin."""

    title = "CrossOriginRequestError"
    status = 403


class InputError(APIError):
    """The request was understood as HTTP but its content is not acceptable."""

    status = 400


class InvalidSyntaxError(InputError):
    title = "InvalidSyntaxError"


class InvalidFormatError(InputError):
    title = "InvalidFormatError"


class RequestTooLargeError(InputError):
    title = "RequestTooLargeError"
    status = 413


class UserNotFoundError(APIError):
    title = "UserNotFoundError"
    status = 404


class SessionNotFoundError(APIError):
    title = "SessionNotFoundError"
    status = 404


class ConflictError(APIError):
    status = 409


class DuplicateUsernameError(ConflictError):
    title = "DuplicateUsernameError"


class AdminMustExistError(ConflictError):
    title = "AdminMustExistError"


class NotFoundError(APIError):
    """No route matches the request path."""

    title = "NotFoundError"
    status = 404


class MethodNotAllowedError(APIError):
    title = "MethodNotAllowedError"
    status = 405


class UnknownError(APIError):
    """An unexpected failure inside the server."""


class ServiceUnavailableError(APIError):
    """The server runs but cannot serve requests, such as without its database."""

    title = "ServiceUnavailableError"
    status = 503


class DatabaseUnavailableError(UnknownError):
    """The database could not be reached or stayed locked; the request may be retried.

    It keeps the ``UnknownError`` title, the kind BrainFrame clients know for
    server-side failures, with status 503 instead of 500.
    """

    status = 503
    headers: ClassVar[Mapping[str, str]] = {"Retry-After": "1"}
