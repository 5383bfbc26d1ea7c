"""The user rules, applied to every change whichever door it comes through."""

from __future__ import annotations

from brainframe_server.audit.log import AuditLog
from brainframe_server.audit.model import Actor
from brainframe_server.errors import InvalidFormatError, UserNotFoundError
from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import Settings
from brainframe_server.store.users import (
    ExportedUser,
    ImportResult,
    NewValues,
    UserStore,
)
from brainframe_server.users.model import User, UserChange
from brainframe_server.users.rules import (
    normalize_password,
    normalize_username,
    username_key,
)


class UserService:
    """Creates, updates, deletes and reads users.

    The store enforces the rules that must survive concurrency (unique
    usernames, at least one admin); this class validates everything else
    before any hashing or writing.
    """

    def __init__(
        self,
        store: UserStore,
        hasher: PasswordHasher,
        settings: Settings,
        audit: AuditLog,
    ) -> None:
        self._store = store
        self._hasher = hasher
        self._audit = audit
        self._min_password = settings.password_min_length
        self._max_password = settings.password_max_length

    def list(self) -> list[User]:
        return self._store.list()

    def get(self, user_id: int) -> User:
        """Return the user with ``user_id``.

        Raises:
            UserNotFoundError: no such user.
        """
        user = self._store.get(user_id)
        if user is None:
            raise UserNotFoundError(f"No user has the id {user_id}.")
        return user

    def find_by_name(self, username: str) -> User:
        """Return the user named ``username``, ignoring case and Unicode form.

        Raises:
            UserNotFoundError: no such user.
        """
        stored = self._store.find_credentials(username_key(username))
        if stored is None:
            raise UserNotFoundError(f"No user has the username {username!r}.")
        return stored.user

    def save(
        self,
        change: UserChange,
        actor: Actor,
        caller_session_hash: str | None = None,
    ) -> User:
        """Create the user when ``change.id`` is None, otherwise update it.

        A new password ends every session of the user except
        ``caller_session_hash``, the session making the request. The change
        and ``actor`` are written to the audit log in the same transaction.

        Raises:
            InvalidFormatError: a username or password breaks the rules.
            DuplicateUsernameError: the username is taken.
            UserNotFoundError: the update names an id that does not exist.
            AdminMustExistError: the update would demote the last admin.
        """
        if change.id is None:
            return self._create(change, actor)
        return self._update(change, actor, caller_session_hash)

    def delete(self, user_id: int, actor: Actor) -> None:
        """Delete a user and end their sessions.

        Raises:
            UserNotFoundError: no such user.
            AdminMustExistError: the user is the last admin.
        """
        self._store.delete(user_id, self._audit.user_deleted(actor))

    def export_users(self) -> list[ExportedUser]:
        """Return every user with the password hash, for a backup."""
        return self._store.export_all()

    def import_users(
        self, records: list[ExportedUser], dry_run: bool = False
    ) -> list[ImportResult]:
        """Create or update users from a backup, all or nothing.

        Every hash is checked before anything is written. ``dry_run`` runs
        the same transaction and rolls it back.

        Raises:
            InvalidFormatError: a hash is not an argon2id hash within the
                cost limits of ``passwords.is_valid_hash``.
            AdminMustExistError: no admin would be left.
            DuplicateUsernameError: another client took a name meanwhile.
        """
        for record in records:
            if not self._hasher.is_valid_hash(record.password_hash):
                raise InvalidFormatError(
                    f"The password_hash of {record.username!r} is not an argon2id "
                    "hash within the cost limits; a backup never carries plain "
                    "passwords."
                )
        return self._store.import_all(records, dry_run)

    def _create(self, change: UserChange, actor: Actor) -> User:
        if change.password is None:
            raise InvalidFormatError("The password is missing: a new user needs one.")
        return self._store.insert(
            self._new_values(change), self._audit.user_created(actor)
        )

    def _update(
        self, change: UserChange, actor: Actor, caller_session_hash: str | None
    ) -> User:
        assert change.id is not None
        record = self._audit.user_updated(actor, change.password is not None)
        return self._store.update(
            change.id, self._new_values(change), caller_session_hash, record
        )

    def _new_values(self, change: UserChange) -> NewValues:
        username = normalize_username(change.username)
        password_hash = None
        if change.password is not None:
            password = normalize_password(
                change.password, self._min_password, self._max_password
            )
            password_hash = self._hasher.hash(password)
        return NewValues(
            username=username,
            username_key=username_key(username),
            role=change.role,
            password_hash=password_hash,
        )
