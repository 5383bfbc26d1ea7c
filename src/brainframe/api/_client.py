"""BrainFrameAPI: the users and authorization part of the BrainFrame REST API."""

from __future__ import annotations

import time

from brainframe.api import bf_errors
from brainframe.api._transport import Transport
from brainframe.api.bf_codecs.user_codecs import User

DEFAULT_TIMEOUT = 30


class BrainFrameAPI:
    """A client of one BrainFrame server.

    Args:
        server_url: Base URL of the server, such as ``http://localhost``.
        credentials: ``(username, password)``, needed when the server
            authorizes clients.
    """

    def __init__(
        self,
        server_url: str | None = None,
        credentials: tuple[str, str] | None = None,
    ) -> None:
        self._transport = Transport(server_url, credentials)

    def set_url(self, server_url: str) -> None:
        self._transport.server_url = server_url

    def set_credentials(self, credentials: tuple[str, str] | None) -> None:
        """Use new credentials from the next request on, with a new session."""
        self._transport.set_credentials(credentials)

    def close(self) -> None:
        """Close the client's connections."""
        self._transport.close()

    def version(self, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Return the server's API version, in the format X.Y.Z."""
        return self._transport.request("GET", "/api/version", timeout).json()

    def wait_for_server_initialization(self, timeout: float | None = None) -> None:
        """Wait until the server responds, polling every 0.1 seconds.

        Raises:
            TimeoutError: the server did not respond within ``timeout`` seconds.
            BaseAPIError: the server responded with an error, such as
                UnauthorizedError for wrong credentials.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                self.version(timeout=1)
                return
            except bf_errors.ServerNotReadyError:
                pass
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(f"The server did not start within {timeout} s.")
            time.sleep(0.1)

    def get_user(self, user_id: int, timeout: float = DEFAULT_TIMEOUT) -> User:
        """Get the user with the given ID.

        Raises:
            UserNotFoundError: no user has this ID.
        """
        response = self._transport.request("GET", f"/api/users/{user_id}", timeout)
        return User.from_dict(response.json())

    def get_users(self, timeout: float = DEFAULT_TIMEOUT) -> list[User]:
        """Get all users, in order of ID."""
        response = self._transport.request("GET", "/api/users", timeout)
        return [User.from_dict(item) for item in response.json()]

    def set_user(self, user: User, timeout: float = DEFAULT_TIMEOUT) -> User:
        """Create the user when its ID is None, otherwise update it.

        Only admin users may make this request. A password of None keeps the
        current password of an existing user.

        Raises:
            InsufficientRoleError: the caller is not an admin.
            DuplicateUsernameError: the username is taken.
            UserNotFoundError: the ID names no user.
            AdminMustExistError: the change would demote the last admin.
            InvalidFormatError: a value breaks the server's rules.
        """
        response = self._transport.request(
            "POST", "/api/users", timeout, body=user.to_dict()
        )
        return User.from_dict(response.json())

    def delete_user(self, user_id: int, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Delete a user. Only admin users may make this request.

        Raises:
            InsufficientRoleError: the caller is not an admin.
            UserNotFoundError: no user has this ID.
            AdminMustExistError: the user is the last admin.
        """
        self._transport.request("DELETE", f"/api/users/{user_id}", timeout)
