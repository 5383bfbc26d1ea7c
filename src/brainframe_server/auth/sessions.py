"""Login sessions: random tokens given to clients, stored only as hashes."""

from __future__ import annotations

import hashlib
import logging
import secrets
import time

from brainframe_server.errors import InvalidSessionError
from brainframe_server.settings import Settings
from brainframe_server.store.sessions import SessionStore, StoredSession

logger = logging.getLogger(__name__)

COOKIE_NAME = "session_id"
TOKEN_BYTES = 32

# A session's last use is written at most this often, so that most requests
# made with a session cost one read and no write.
TOUCH_INTERVAL = 60.0

# How often one process deletes expired sessions.
CLEANUP_INTERVAL = 300.0


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


class SessionManager:
    """Opens, checks and expires sessions."""

    def __init__(self, store: SessionStore, settings: Settings) -> None:
        self._store = store
        self._idle_timeout = settings.session_idle_timeout
        self._max_age = settings.session_max_age
        self._per_user = settings.sessions_per_user
        self._next_cleanup = 0.0

    def open(self, user_id: int, credential_version: int) -> str | None:
        """Start a session and return its token.

        Returns None when the user's password changed, or the user was
        deleted, after the credentials were checked.
        """
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = time.time()
        self._clean_up_now_and_then(now)
        opened = self._store.create(
            hash_token(token), user_id, credential_version, now, self._per_user
        )
        return token if opened else None

    def resolve(self, token: str) -> tuple[str, StoredSession]:
        """Return the token's hash and its live session.

        Raises:
            InvalidSessionError: the session is unknown, ended or expired.
        """
        token_hash = hash_token(token)
        session = self._store.find(token_hash)
        if session is None:
            raise InvalidSessionError("The session is unknown or has ended.")
        now = time.time()
        if self._expired(session, now):
            self._store.delete(token_hash)
            raise InvalidSessionError("The session has expired.")
        if now - session.last_used_at > TOUCH_INTERVAL:
            self._store.touch(token_hash, now)
        return token_hash, session

    def end(self, token_hash: str) -> None:
        self._store.delete(token_hash)

    def _expired(self, session: StoredSession, now: float) -> bool:
        return (
            now - session.last_used_at > self._idle_timeout
            or now - session.created_at > self._max_age
        )

    def _clean_up_now_and_then(self, now: float) -> None:
        if now < self._next_cleanup:
            return
        self._next_cleanup = now + CLEANUP_INTERVAL
        removed = self._store.delete_expired(
            now - self._idle_timeout, now - self._max_age
        )
        if removed:
            logger.info("Deleted %d expired sessions", removed)
