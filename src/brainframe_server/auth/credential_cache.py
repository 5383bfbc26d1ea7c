"""A short-lived cache of verified Basic credentials.

Clients such as curl send Basic credentials on every request and never keep
the session cookie, so each of their requests would cost an argon2id verify.
This cache remembers, for at most ``ENTRY_LIFETIME`` seconds, which user a
username and password were verified for, and at which credential version.

An entry is keyed by an HMAC of the username and password under a key that
each process draws at random, so the cache never stores a password, and its
keys are of no use outside the process. Every hit reads the user's current
row and is rejected unless the user still exists, has the same username and
has the same credential version. Every password change raises that version,
so a password change or a deletion committed by any server on the database
ends the entry at its next use.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from brainframe_server.auth.basic import BasicCredentials
from brainframe_server.store.users import StoredCredentials, UserStore
from brainframe_server.users.rules import password_for_verify

# Seconds an entry is trusted after the password was verified with argon2id.
ENTRY_LIFETIME = 60.0

# Entries kept at most; the oldest are dropped first. Each entry is a 32-byte
# key and three numbers, an estimated 300 bytes with the dictionary's overhead.
MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class _Entry:
    user_id: int
    credential_version: int
    expires_at: float


class CredentialCache:
    """Remembers recently verified credentials, checked against the database."""

    def __init__(
        self,
        store: UserStore,
        lifetime: float = ENTRY_LIFETIME,
        max_entries: int = MAX_ENTRIES,
    ) -> None:
        self._store = store
        self._lifetime = lifetime
        self._max_entries = max_entries
        self._hmac_key = secrets.token_bytes(32)
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        # Per key: a lock held by the thread verifying those credentials, and
        # the number of threads holding or waiting for it.
        self._verifying: dict[bytes, tuple[threading.Lock, list[int]]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, credentials: BasicCredentials) -> StoredCredentials | None:
        """Return the user if these credentials were verified recently and
        the user's row still matches; otherwise drop any entry and return None.

        The check and the load of the user are one database read.
        """
        key = self._key(credentials)
        with self._lock:
            entry = self._entries.get(key)
        if entry is None:
            return None
        if time.monotonic() >= entry.expires_at:
            self._drop(key)
            return None
        stored = self._store.find_credentials_by_id(entry.user_id)
        if (
            stored is None
            or stored.credential_version != entry.credential_version
            or stored.user.username != password_for_verify(credentials.username)
        ):
            self._drop(key)
            return None
        return stored

    def add(self, credentials: BasicCredentials, stored: StoredCredentials) -> None:
        """Remember credentials that were just verified against ``stored``."""
        key = self._key(credentials)
        now = time.monotonic()
        entry = _Entry(stored.user.id, stored.credential_version, now + self._lifetime)
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            self._drop_expired_and_excess(now)

    @contextmanager
    def verifying(self, credentials: BasicCredentials) -> Iterator[None]:
        """Let one thread at a time verify the same credentials.

        When an entry expires under load, every request with those
        credentials misses at once. The first verifies while the others wait
        here and then find the entry it added, so the burst costs one verify.
        """
        key = self._key(credentials)
        with self._lock:
            lock, users = self._verifying.setdefault(key, (threading.Lock(), [0]))
            users[0] += 1
        try:
            with lock:
                yield
        finally:
            with self._lock:
                users[0] -= 1
                if users[0] == 0:
                    del self._verifying[key]

    def _drop(self, key: bytes) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def _drop_expired_and_excess(self, now: float) -> None:
        # Entries are in the order they were added, which is also the order in
        # which they expire, because every entry has the same lifetime.
        while self._entries:
            oldest = next(iter(self._entries.values()))
            if oldest.expires_at > now and len(self._entries) <= self._max_entries:
                return
            self._entries.popitem(last=False)

    def _key(self, credentials: BasicCredentials) -> bytes:
        username = credentials.username.encode("utf-8", "surrogatepass")
        password = credentials.password.encode("utf-8", "surrogatepass")
        # The length prefix keeps ("ab", "c") and ("a", "bc") apart.
        message = len(username).to_bytes(4, "big") + username + password
        return hmac.digest(self._hmac_key, message, hashlib.sha256)
