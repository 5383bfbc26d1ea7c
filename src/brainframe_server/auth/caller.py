"""The identity a request acts as, once authenticated."""

from __future__ import annotations

from dataclasses import dataclass

from brainframe_server.users.model import Role


@dataclass(frozen=True)
class Caller:
    """The identity a request acts as.

    ``user_id`` and ``username`` are None when authorization is off and every
    client acts as admin. ``session_hash`` is set when the request came with a
    valid session. ``credential_version`` is set after a Basic login, and
    ``reused_login`` when that login reuses a recent one and needs no session.
    """

    user_id: int | None
    role: Role
    session_hash: str | None = None
    credential_version: int | None = None
    username: str | None = None
    reused_login: bool = False

    def __repr__(self) -> str:
        return f"Caller(user_id={self.user_id!r}, role={self.role!r})"


ANONYMOUS_ADMIN = Caller(user_id=None, role=Role.ADMIN)
