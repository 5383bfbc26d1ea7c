"""SQL for login sessions, which are shared by every server on the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    Connection,
    Integer,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from brainframe_server.store.database import Database
from brainframe_server.store.schema import sessions, users
from brainframe_server.users.model import Role, User


@dataclass(frozen=True)
class SessionRow:
    token_hash: str
    created_at: float
    last_used_at: float


@dataclass(frozen=True)
class StoredSession:
    """A session row joined with its user, as one read returns them."""

    user: User
    created_at: float
    last_used_at: float


_FIND_SESSION = (
    select(
        users.c.id,
        users.c.username,
        users.c.role,
        sessions.c.created_at,
        sessions.c.last_used_at,
    )
    .join(users, users.c.id == sessions.c.user_id)
    .where(sessions.c.token_hash == bindparam("token_hash"))
)


# Statements of each login, built once: building one costs more than running it.
_LOCK_CREDENTIAL_VERSION = (
    select(users.c.credential_version)
    .where(users.c.id == bindparam("user_id"))
    .with_for_update()
)
_INSERT_SESSION = insert(sessions)
# Ends the user's sessions beyond the newest ``limit``.
_TRIM = (
    delete(sessions)
    .where(sessions.c.user_id == bindparam("user_id"))
    .where(
        sessions.c.token_hash.not_in(
            select(sessions.c.token_hash)
            .where(sessions.c.user_id == bindparam("user_id"))
            .order_by(sessions.c.created_at.desc(), sessions.c.token_hash)
            .limit(bindparam("limit", type_=Integer))
        )
    )
)


class SessionStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._find = database.reader.prepare(_FIND_SESSION, "token_hash")

    def find(self, token_hash: str) -> StoredSession | None:
        """Return the session and its user in one indexed read."""
        row = self._db.reader.fetch_one(self._find, token_hash)
        if row is None:
            return None
        user_id, username, role, created_at, last_used_at = row
        user = User(id=user_id, username=username, role=Role(role))
        return StoredSession(user, created_at, last_used_at)

    def create(
        self,
        token_hash: str,
        user_id: int,
        credential_version: int,
        now: float,
        limit_per_user: int,
    ) -> bool:
        """Store a session, unless the user's password changed since the login.

        Returns False when the user is gone or their credential version moved
        on, in which case the login must not yield a session. The user's
        oldest sessions beyond ``limit_per_user`` are ended.
        """

        def work(connection: Connection) -> bool:
            # The lock makes a concurrent password change wait for this
            # transaction, or this one see the new credential version.
            version = connection.execute(
                _LOCK_CREDENTIAL_VERSION, {"user_id": user_id}
            ).scalar()
            if version != credential_version:
                return False
            connection.execute(
                _INSERT_SESSION,
                {
                    "token_hash": token_hash,
                    "user_id": user_id,
                    "created_at": now,
                    "last_used_at": now,
                },
            )
            connection.execute(_TRIM, {"user_id": user_id, "limit": limit_per_user})
            return True

        return self._db.write(work)

    def touch(self, token_hash: str, now: float) -> None:
        statement = (
            update(sessions)
            .where(sessions.c.token_hash == token_hash)
            .values(last_used_at=now)
        )
        self._db.write(lambda c: c.execute(statement))

    def delete(self, token_hash: str) -> None:
        statement = delete(sessions).where(sessions.c.token_hash == token_hash)
        self._db.write(lambda c: c.execute(statement))

    def list_for_user(self, user_id: int) -> list[SessionRow]:
        query = (
            select(
                sessions.c.token_hash, sessions.c.created_at, sessions.c.last_used_at
            )
            .where(sessions.c.user_id == user_id)
            .order_by(sessions.c.created_at, sessions.c.token_hash)
        )
        with self._db.reading() as connection:
            return [SessionRow(*row) for row in connection.execute(query)]

    def delete_for_user(self, user_id: int, hash_prefix: str | None = None) -> int:
        """End the user's sessions, or only the one whose hash starts so."""
        statement = delete(sessions).where(sessions.c.user_id == user_id)
        if hash_prefix is not None:
            length = len(hash_prefix)
            statement = statement.where(
                func.substr(sessions.c.token_hash, 1, length) == hash_prefix
            )
        return self._db.write(lambda c: c.execute(statement).rowcount)

    def count_live(self, idle_before: float, created_before: float) -> int:
        """Count the sessions used since ``idle_before`` and created since
        ``created_before``."""
        query = (
            select(func.count())
            .select_from(sessions)
            .where(
                and_(
                    sessions.c.last_used_at >= idle_before,
                    sessions.c.created_at >= created_before,
                )
            )
        )
        with self._db.reading() as connection:
            return connection.execute(query).scalar_one()

    def delete_expired(self, idle_before: float, created_before: float) -> int:
        statement = delete(sessions).where(
            or_(
                sessions.c.last_used_at < idle_before,
                sessions.c.created_at < created_before,
            )
        )
        return self._db.write(lambda c: c.execute(statement).rowcount)
