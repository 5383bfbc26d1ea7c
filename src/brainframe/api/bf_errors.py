"""Exceptions raised by the client, one class per error title the server sends."""

from __future__ import annotations


class BaseAPIError(Exception):
    """Root of every error the client raises for a failed request.

    Attributes:
        kind: The error title the server sent, or the class name.
        description: Human-readable text from the server.
        status_code: HTTP status of the response, or None when there was none.
    """

    kind = "UnknownError"

    def __init__(self, description: str, status_code: int | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.status_code = status_code


class UnknownError(BaseAPIError):
    """The server failed unexpectedly, or sent an error this client does not know."""


class ServerNotReadyError(BaseAPIError):
    """The server could not be reached, or is still starting."""

    kind = "ServerNotReadyError"


class UnauthorizedError(BaseAPIError):
    """Credentials are missing or were rejected."""

    kind = "UnauthorizedError"


class InvalidSessionError(BaseAPIError):
    """The session expired or never existed; the client logs in again once."""

    kind = "InvalidSessionError"


class InsufficientRoleError(BaseAPIError):
    """The user's role does not allow this request."""

    kind = "InsufficientRoleError"


class UserNotFoundError(BaseAPIError):
    """No user has the requested id."""

    kind = "UserNotFoundError"


class DuplicateUsernameError(BaseAPIError):
    """Another user already has the requested username."""

    kind = "DuplicateUsernameError"


class AdminMustExistError(BaseAPIError):
    """The request would leave the server without an admin."""

    kind = "AdminMustExistError"


class InvalidSyntaxError(BaseAPIError):
    """The request body could not be parsed."""

    kind = "InvalidSyntaxError"


class InvalidFormatError(BaseAPIError):
    """A value in the request is invalid."""

    kind = "InvalidFormatError"


class RequestTooLargeError(BaseAPIError):
    """The request body is over the server's size limit."""

    kind = "RequestTooLargeError"


class NotFoundError(BaseAPIError):
    """No route on the server matches the request."""

    kind = "NotFoundError"


class MethodNotAllowedError(BaseAPIError):
    """The route does not accept the request's method."""

    kind = "MethodNotAllowedError"


kind_to_error_type: dict[str, type[BaseAPIError]] = {
    cls.kind: cls
    for cls in (
        UnknownError,
        UnauthorizedError,
        InvalidSessionError,
        InsufficientRoleError,
        UserNotFoundError,
        DuplicateUsernameError,
        AdminMustExistError,
        InvalidSyntaxError,
        InvalidFormatError,
        RequestTooLargeError,
        NotFoundError,
        MethodNotAllowedError,
    )
}
