"""Login sessions: random tokens given to clients, stored only as hashes."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import threading
import time

from brainframe_server.errors import InvalidSessionError, SessionNotFoundError
from brainframe_server.settings import Settings
from brainframe_server.store.sessions import SessionRow, SessionStore, StoredSession

logger = logging.getLogger(__name__)

COOKIE_NAME = "session_id"
TOKEN_BYTES = 32

# A session's last use is written at most this often (or a quarter of the idle
# timeout, when that is shorter), so that most requests made with a session
# cost one read and no write.
TOUCH_INTERVAL = 60.0

# Sessions whose last touch one process remembers, so that requests made at
# the same time with one session write its last use once, not once each.
REMEMBERED_TOUCHES = 10_000

# How often one process deletes expired sessions.
CLEANUP_INTERVAL = 300.0


# A session is named in the API by the start of its token's hash, which
# identifies it without giving anything that could be used to log in.
PUBLIC_ID_LENGTH = 16
_PUBLIC_ID = re.compile(f"[0-9a-f]{{{PUBLIC_ID_LENGTH}}}")


def public_id(token_hash: str) -> str:
    return token_hash[:PUBLIC_ID_LENGTH]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


class SessionManager:
    """Opens, checks and expires sessions."""

    def __init__(self, store: SessionStore, settings: Settings) -> None:
        self._store = store
        self._idle_timeout = settings.session_idle_timeout
        self._max_age = settings.session_max_age
        self._per_user = settings.sessions_per_user
        self._touch_interval = min(TOUCH_INTERVAL, self._idle_timeout / 4)
        self._touches = _RecentTouches(self._touch_interval)
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
        touch_due = now - session.last_used_at > self._touch_interval
        if touch_due and self._touches.claim(token_hash, now):
            self._store.touch(token_hash, now)
        return token_hash, session

    def end(self, token_hash: str) -> None:
        self._store.delete(token_hash)

    def list_live(self, user_id: int) -> list[SessionRow]:
        now = time.time()
        return [
            row
            for row in self._store.list_for_user(user_id)
            if not self._expired(row, now)
        ]

    def end_all(self, user_id: int) -> int:
        return self._store.delete_for_user(user_id)

    def end_one(self, user_id: int, public_id: str) -> None:
        """End the session of ``user_id`` that ``public_id`` names.

        Raises:
            SessionNotFoundError: the user has no such session.
        """
        if not _PUBLIC_ID.fullmatch(public_id):
            raise SessionNotFoundError(f"No session has the id {public_id[:40]!r}.")
        if not self._store.delete_for_user(user_id, public_id):
            raise SessionNotFoundError(
                f"The user {user_id} has no session with the id {public_id!r}."
            )

    def _expired(self, session: StoredSession | SessionRow, now: float) -> bool:
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


class _RecentTouches:
    """Record of the sessions whose last use this process wrote, and when.

    Without it, every request that arrives with a session while its last use
    is due for an update writes that update, and on SQLite these writes queue
    one behind the other.
    """

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._touched: dict[str, float] = {}
        self._lock = threading.Lock()

    def claim(self, token_hash: str, now: float) -> bool:
        """Return True when the caller should write the session's last use."""
        with self._lock:
            last = self._touched.get(token_hash)
            if last is not None and now - last < self._interval:
                return False
            if len(self._touched) >= REMEMBERED_TOUCHES:
                self._forget_before(now - self._interval)
            self._touched[token_hash] = now
            return True

    def _forget_before(self, cutoff: float) -> None:
        stale = [key for key, at in self._touched.items() if at < cutoff]
        for key in stale:
            del self._touched[key]
        if len(self._touched) >= REMEMBERED_TOUCHES:
            # Every remembered touch is recent: forgetting them all costs at
            # most one extra write per session.
            self._touched.clear()
