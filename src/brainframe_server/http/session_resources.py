"""The caller's own session: who it acts as, and logging out."""

from __future__ import annotations

from typing import ClassVar

import falcon

from brainframe_server.auth.authenticator import Authenticator
from brainframe_server.auth.caller import Caller
from brainframe_server.auth.permissions import Operation
from brainframe_server.auth.sessions import COOKIE_NAME
from brainframe_server.users.service import UserService


class CurrentSessionResource:
    """``/api/sessions/current``: read or end the caller's session.

    With authorization off, the caller is an anonymous admin: ``user`` is
    null and there is no session to end.
    """

    operations: ClassVar[dict[str, Operation]] = {
        "GET": Operation.READ_SESSION,
        "DELETE": Operation.END_SESSION,
    }

    def __init__(self, authenticator: Authenticator, service: UserService) -> None:
        self._authenticator = authenticator
        self._service = service

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        caller: Caller = req.context.caller
        user = None
        if caller.user_id is not None:
            user = self._service.get(caller.user_id).to_json()
        resp.media = {
            "user": user,
            "role": caller.role.value,
            "authorize_clients": self._authenticator.enabled,
        }

    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        self._authenticator.end_session(req.context.caller)
        # Tells AuthMiddleware not to open a new session for a caller who
        # sent Basic credentials with this request.
        req.context.session_ended = True
        resp.append_header("Set-Cookie", f"{COOKIE_NAME}=; Max-Age=0; Path=/")
        resp.status = falcon.HTTP_204
