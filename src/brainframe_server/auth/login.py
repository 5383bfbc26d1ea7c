"""Checking a username and password."""

from __future__ import annotations

import logging
import time

from brainframe_server import metrics
from brainframe_server.audit.log import AuditLog
from brainframe_server.auth.basic import BasicCredentials
from brainframe_server.errors import APIError, InvalidFormatError, UnauthorizedError
from brainframe_server.passwords import PasswordHasher
from brainframe_server.store.migrate import DEFAULT_ADMIN_PASSWORD
from brainframe_server.store.users import StoredCredentials, UserStore
from brainframe_server.users.rules import (
    normalize_username,
    password_for_verify,
    username_key,
)

logger = logging.getLogger(__name__)

# The default-password warning is logged at most this often, in seconds.
DEFAULT_PASSWORD_WARNING_INTERVAL = 600.0

_REJECTED = "The username or password is incorrect."


class PasswordLogin:
    """Verifies Basic credentials against the stored hashes.

    An unknown username and a wrong password fail with the same error after
    the same hashing work, so neither the response nor its timing shows whether
    an account exists.
    """

    def __init__(
        self,
        store: UserStore,
        hasher: PasswordHasher,
        max_length: int,
        audit: AuditLog,
    ):
        self._store = store
        self._audit = audit
        self._hasher = hasher
        self._max_length = max_length
        self._next_warning = 0.0

    def verify(
        self, credentials: BasicCredentials, client_address: str | None = None
    ) -> StoredCredentials:
        """Return the stored user that the credentials name.

        A rejected login is written to the audit log with ``client_address``.

        Raises:
            UnauthorizedError: the username is unknown or the password wrong.
        """
        try:
            stored = self._verify(credentials)
        except APIError as error:
            metrics.count_login(error.status)
            self._audit.login_rejected(
                credentials.username, client_address, error.status
            )
            raise
        metrics.count_login(200)
        return stored

    def record_throttled(
        self, credentials: BasicCredentials, client_address: str, error: APIError
    ) -> None:
        """Count and audit a login that throttling rejected before any check."""
        metrics.count_login(error.status)
        self._audit.login_rejected(credentials.username, client_address, error.status)

    def _verify(self, credentials: BasicCredentials) -> StoredCredentials:
        if len(credentials.password) > self._max_length:
            raise UnauthorizedError(_REJECTED)
        username = password_for_verify(credentials.username)
        stored = self._find(username)
        password = password_for_verify(credentials.password)
        hash_to_check = None if stored is None else stored.password_hash
        if not self._hasher.verify(hash_to_check, password) or stored is None:
            raise UnauthorizedError(_REJECTED)
        self._rehash_if_outdated(stored, password)
        self._warn_about_default_password(credentials)
        return stored

    def _find(self, username: str) -> StoredCredentials | None:
        """Return the user with exactly this name, if such a name can exist.

        A name the username rules reject, such as one with a NUL character,
        is never looked up, so it cannot reach the database driver.
        """
        try:
            normalize_username(username)
        except InvalidFormatError:
            return None
        stored = self._store.find_credentials(username_key(username))
        if stored is not None and stored.user.username != username:
            return None
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
