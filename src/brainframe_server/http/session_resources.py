"""Routes for login sessions: extensions to the BrainFrame API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

import falcon

from brainframe_server.auth.caller import Caller
from brainframe_server.auth.permissions import Operation
from brainframe_server.auth.sessions import COOKIE_NAME, SessionManager, public_id
from brainframe_server.http.user_body import parse_user_id_path
from brainframe_server.users.service import UserService


class CurrentSessionResource:
    """The caller's own identity and session: who am I, and log out."""

    operations: ClassVar[dict[str, Operation]] = {
        "GET": Operation.READ_OWN_SESSION,
        "DELETE": Operation.READ_OWN_SESSION,
    }
    # A login endpoint: Basic credentials here always yield a session cookie,
    # even when the same credentials were verified moments before.
    starts_sessions = True

    def __init__(
        self, users: UserService, sessions: SessionManager, authorize_clients: bool
    ) -> None:
        self._users = users
        self._sessions = sessions
        self._authorize_clients = authorize_clients

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        caller: Caller = req.context.caller
        user = None if caller.user_id is None else self._users.get(caller.user_id)
        resp.media = {
            "user": None if user is None else user.to_json(),
            "role": caller.role.value,
            "authorize_clients": self._authorize_clients,
        }

    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        caller: Caller = req.context.caller
        if caller.session_hash is not None:
            self._sessions.end(caller.session_hash)
        # A logout sent with Basic credentials must not open a new session.
        req.context.open_session = False
        resp.append_header("Set-Cookie", f"{COOKIE_NAME}=; Max-Age=0; Path=/")
        resp.status = falcon.HTTP_204


class UserSessionsResource:
    """The live sessions of one user."""

    operations: ClassVar[dict[str, Operation]] = {
        "GET": Operation.READ_USER_SESSIONS,
        "DELETE": Operation.END_USER_SESSIONS,
    }

    def __init__(self, users: UserService, sessions: SessionManager) -> None:
        self._users = users
        self._sessions = sessions

    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        user = self._users.get(parse_user_id_path(user_id))
        caller: Caller = req.context.caller
        resp.media = [
            {
                "id": public_id(row.token_hash),
                "created_at": _timestamp(row.created_at),
                "last_used_at": _timestamp(row.last_used_at),
                "current": row.token_hash == caller.session_hash,
            }
            for row in self._sessions.list_live(user.id)
        ]

    def on_delete(
        self, req: falcon.Request, resp: falcon.Response, user_id: str
    ) -> None:
        user = self._users.get(parse_user_id_path(user_id))
        self._sessions.end_all(user.id)
        resp.status = falcon.HTTP_204


class UserSessionResource:
    """One session of one user, which an admin may end."""

    operations: ClassVar[dict[str, Operation]] = {
        "DELETE": Operation.END_USER_SESSIONS,
    }

    def __init__(self, users: UserService, sessions: SessionManager) -> None:
        self._users = users
        self._sessions = sessions

    def on_delete(
        self,
        req: falcon.Request,
        resp: falcon.Response,
        user_id: str,
        session_id: str,
    ) -> None:
        user = self._users.get(parse_user_id_path(user_id))
        self._sessions.end_one(user.id, session_id)
        resp.status = falcon.HTTP_204


def _timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
