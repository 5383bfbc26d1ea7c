"""Sending requests: credentials, the session cookie, and errors as exceptions.

With credentials set, the first request carries HTTP Basic and the server
responds with a ``session_id`` cookie; later requests carry only that cookie.
When the server reports the session as invalid, the request is sent once more
with Basic credentials, which also opens a new session.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import requests

from brainframe.api import bf_errors

SESSION_COOKIE = "session_id"


class Transport:
    """Holds the server URL, the credentials and the current session."""

    def __init__(self, server_url: str | None, credentials: tuple[str, str] | None):
        self.server_url = server_url
        self._credentials = credentials
        self._session_id: str | None = None
        self._http = requests.Session()

    def set_credentials(self, credentials: tuple[str, str] | None) -> None:
        self._credentials = credentials
        self._session_id = None

    def request(
        self, method: str, path: str, timeout: float, body: Any = None
    ) -> requests.Response:
        """Send a request and return its successful response.

        Raises:
            ServerNotReadyError: the server could not be reached or is starting.
            BaseAPIError: the subclass named by the server's error title.
        """
        if self._session_id is None:
            return self._send_with_password(method, path, timeout, body)
        try:
            return self._send(method, path, timeout, body, {}, self._session_id)
        except bf_errors.InvalidSessionError:
            self._session_id = None
            if self._credentials is None:
                raise
            return self._send_with_password(method, path, timeout, body)

    def close(self) -> None:
        self._http.close()

    def _send_with_password(
        self, method: str, path: str, timeout: float, body: Any
    ) -> requests.Response:
        headers = {}
        if self._credentials is not None:
            headers["Authorization"] = basic_authorization(*self._credentials)
        response = self._send(method, path, timeout, body, headers, None)
        if self._credentials is not None:
            self._session_id = response.cookies.get(SESSION_COOKIE) or None
        return response

    def _send(
        self,
        method: str,
        path: str,
        timeout: float,
        body: Any,
        headers: dict[str, str],
        session_id: str | None,
    ) -> requests.Response:
        if self.server_url is None:
            raise bf_errors.ServerNotReadyError("No server URL is set.")
        if body is not None:
            headers["Content-Type"] = "application/json"
        cookies = {SESSION_COOKIE: session_id} if session_id else None
        try:
            response = self._http.request(
                method,
                self.server_url.rstrip("/") + path,
                data=None if body is None else json.dumps(body).encode("utf-8"),
                headers=headers,
                cookies=cookies,
                timeout=timeout,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            raise bf_errors.ServerNotReadyError(
                f"The server at {self.server_url} could not be reached: "
                f"{type(error).__name__}"
            ) from error
        finally:
            # The session id is kept here, not in the cookie jar, so that a
            # new login replaces it and set_credentials() clears it.
            self._http.cookies.clear()
        if response.status_code >= 400:
            raise error_from_response(response)
        return response


def basic_authorization(username: str, password: str) -> str:
    """Return an ``Authorization`` header value; the text is sent as UTF-8."""
    pair = f"{username}:{password}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def error_from_response(response: requests.Response) -> bf_errors.BaseAPIError:
    """Turn an error response into the exception its title names."""
    status = response.status_code
    if status == 502:
        return bf_errors.ServerNotReadyError("The server is starting.", status)
    try:
        body = json.loads(response.content.decode("utf-8"))
        title, description = body["title"], body["description"]
    except (ValueError, KeyError, TypeError):
        shown = response.content[:200].decode("utf-8", "replace")
        return bf_errors.UnknownError(
            f"The server sent an error without a title and description "
            f"(status {status}): {shown!r}",
            status,
        )
    error_type = bf_errors.kind_to_error_type.get(title)
    if error_type is None:
        return bf_errors.UnknownError(
            f"Unknown error kind {title}: {description}", status
        )
    return error_type(description, status)
