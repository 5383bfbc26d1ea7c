"""Password hashing with argon2id.

Each stored hash carries its algorithm and cost parameters, so a change of the
``ARGON2_*`` settings applies to new hashes at once and to old ones at the
user's next successful login, when they are rehashed.
"""

from __future__ import annotations

import logging

import argon2
from argon2.exceptions import InvalidHashError, VerificationError

from brainframe_server.settings import Settings

logger = logging.getLogger(__name__)


class PasswordHasher:
    """Hashes and verifies passwords with the configured argon2id costs."""

    def __init__(self, settings: Settings) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_cost,
            parallelism=settings.argon2_parallelism,
            type=argon2.Type.ID,
        )
        # Verified against when the username is unknown, so that an unknown
        # user costs the same hashing work as a wrong password.
        self._dummy_hash = self._hasher.hash("no user has this password")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """Return whether ``password`` matches; a missing hash never matches."""
        if password_hash is None:
            self._verify_quietly(self._dummy_hash, password)
            return False
        return self._verify_quietly(password_hash, password)

    def is_valid_hash(self, password_hash: str) -> bool:
        """Return whether ``password_hash`` is a well-formed argon2 hash."""
        try:
            argon2.extract_parameters(password_hash)
        except InvalidHashError:
            return False
        return True

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)

    def _verify_quietly(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except VerificationError:
            return False
        except InvalidHashError:
            logger.error("A stored password hash is malformed; the login is rejected")
            return False
