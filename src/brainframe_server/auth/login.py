"""Checking a username and password."""

from __future__ import annotations

import logging
import time

from brainframe_server.auth.basic import BasicCredentials
from brainframe_server.errors import UnauthorizedError
from brainframe_server.passwords import PasswordHasher
from brainframe_server.store.migrate import DEFAULT_ADMIN_PASSWORD
from brainframe_server.store.users import StoredCredentials, UserStore
from brainframe_server.users.rules import password_for_verify, username_key

logger = logging.getLogger(__name__)

# The default-password warning is logged at most this often, in seconds.
DEFAULT_PASSWORD_WARNING_INTERVAL = 600.0

_REJECTED = "The username or password is incorrect."


class PasswordLogin:
    """Verifies Basic credentials against the stored hashes.

    An unknown username and a wrong password fail with the same error after
    the same hashing work, so neither the answer nor its timing tells whether
    an account exists.
    """

    def __init__(self, store: UserStore, hasher: PasswordHasher, max_length: int):
        self._store = store
        self._hasher = hasher
        self._max_length = max_length
        self._next_warning = 0.0

    def verify(self, credentials: BasicCredentials) -> StoredCredentials:
        """Return the stored user that the credentials name.

        Raises:
            UnauthorizedError: the username is unknown or the password wrong.
        """
        if len(credentials.password) > self._max_length:
            raise UnauthorizedError(_REJECTED)
        username = password_for_verify(credentials.username)
        stored = self._store.find_credentials(username_key(username))
        if stored is not None and stored.user.username != username:
            stored = None
        password = password_for_verify(credentials.password)
        hash_to_check = None if stored is None else stored.password_hash
        if not self._hasher.verify(hash_to_check, password) or stored is None:
            raise UnauthorizedError(_REJECTED)
        self._rehash_if_outdated(stored, password)
        self._warn_about_default_password(credentials)
        return stored

    def _rehash_if_outdated(self, stored: StoredCredentials, password: str) -> None:
        if self._hasher.needs_rehash(stored.password_hash):
            new_hash = self._hasher.hash(password)
            self._store.set_password_hash(
                stored.user.id, stored.credential_version, new_hash
            )
            logger.info("Rehashed the password of user %d", stored.user.id)

    def _warn_about_default_password(self, credentials: BasicCredentials) -> None:
        if credentials.password != DEFAULT_ADMIN_PASSWORD:
            return
        now = time.monotonic()
        if now < self._next_warning:
            return
        self._next_warning = now + DEFAULT_PASSWORD_WARNING_INTERVAL
        logger.warning(
            "The user %r logged in with the default password 'admin'. "
            "Change it now: anyone who knows BrainFrame's default can log in.",
            credentials.username,
        )
