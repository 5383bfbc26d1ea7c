"""SQL for users. Invariants are enforced inside one transaction each."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    Connection,
    Row,
    bindparam,
    delete,
    exists,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from brainframe_server.errors import (
    AdminMustExistError,
    DuplicateUsernameError,
    UserNotFoundError,
)
from brainframe_server.store.database import Database
from brainframe_server.store.schema import sessions, users
from brainframe_server.users.model import Role, User
from brainframe_server.users.rules import username_key

_USER_COLUMNS = (users.c.id, users.c.username, users.c.role)
_CREDENTIAL_COLUMNS = (
    *_USER_COLUMNS,
    users.c.password_hash,
    users.c.credential_version,
)

_LIST_USERS = select(*_USER_COLUMNS).order_by(users.c.id)
_GET_USER = select(*_USER_COLUMNS).where(users.c.id == bindparam("user_id"))
_FIND_CREDENTIALS = select(*_CREDENTIAL_COLUMNS).where(
    users.c.username_key == bindparam("username_key")
)
_FIND_CREDENTIALS_BY_ID = select(
    *_CREDENTIAL_COLUMNS,
    exists().where(sessions.c.user_id == users.c.id).label("has_session"),
).where(users.c.id == bindparam("user_id"))

# Called inside a change's transaction with the user before and after it, so
# that what it writes (the audit log) commits or rolls back with the change.
Recorder = Callable[[Connection, User | None, User | None], None]


def _record_nothing(connection: Connection, before, after) -> None:
    pass


@dataclass(frozen=True)
class StoredCredentials:
    """Credentials a login checks: user, password hash and credential version."""

    user: User
    password_hash: str
    credential_version: int
    # Whether the user has any stored session; read by find_credentials_by_id.
    has_session: bool = False

    def __repr__(self) -> str:
        return f"StoredCredentials(user={self.user!r}, password_hash='***')"


@dataclass(frozen=True)
class NewValues:
    """Columns of a user to write; ``password_hash`` None keeps the current one."""

    username: str
    username_key: str
    role: Role
    password_hash: str | None

    def __repr__(self) -> str:
        return f"NewValues(username={self.username!r}, role={self.role!r})"


@dataclass(frozen=True)
class ExportedUser:
    """A user with its password hash, as a backup file carries it."""

    id: int
    username: str
    role: Role
    password_hash: str

    def __repr__(self) -> str:
        return f"ExportedUser(id={self.id!r}, username={self.username!r})"


@dataclass(frozen=True)
class ImportResult:
    """The outcome of an import, done or rehearsed, for one user of the file."""

    action: str  # "create", "update" or "keep"
    user_id: int
    username: str
    changed: tuple[str, ...] = ()


def to_user(row: Row) -> User:
    return User(id=row.id, username=row.username, role=Role(row.role))


class UserStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        prepare = database.reader.prepare
        self._list = prepare(_LIST_USERS)
        self._get = prepare(_GET_USER, "user_id")
        self._find_credentials = prepare(_FIND_CREDENTIALS, "username_key")
        self._find_credentials_by_id = prepare(_FIND_CREDENTIALS_BY_ID, "user_id")

    def list(self) -> list[User]:
        rows = self._db.reader.fetch_all(self._list)
        return [User(id, username, Role(role)) for id, username, role in rows]

    def get(self, user_id: int) -> User | None:
        row = self._db.reader.fetch_one(self._get, user_id)
        return None if row is None else User(row[0], row[1], Role(row[2]))

    def find_credentials(self, username_key: str) -> StoredCredentials | None:
        row = self._db.reader.fetch_one(self._find_credentials, username_key)
        return None if row is None else _to_credentials(row)

    def find_credentials_by_id(self, user_id: int) -> StoredCredentials | None:
        """Return the user, its current credentials and whether it has a
        session, read together."""
        row = self._db.reader.fetch_one(self._find_credentials_by_id, user_id)
        if row is None:
            return None
        return _to_credentials(row, has_session=bool(row[5]))

    def insert(self, values: NewValues, record: Recorder = _record_nothing) -> User:
        """Insert a user.

        Raises:
            DuplicateUsernameError: another user has the same username key.
        """
        now = time.time()
        statement = (
            insert(users)
            .values(
                username=values.username,
                username_key=values.username_key,
                role=values.role.value,
                password_hash=values.password_hash,
                created_at=now,
                updated_at=now,
            )
            .returning(*_USER_COLUMNS)
        )

        def work(connection: Connection) -> User:
            user = to_user(connection.execute(statement).one())
            record(connection, None, user)
            return user

        try:
            return self._db.write(work)
        except IntegrityError:
            raise _duplicate(values.username) from None

    def update(
        self,
        user_id: int,
        values: NewValues,
        keep_session_hash: str | None,
        record: Recorder = _record_nothing,
    ) -> User:
        """Update a user; a new password ends the user's other sessions.

        Raises:
            UserNotFoundError: no user has ``user_id``.
            AdminMustExistError: the change would demote the last admin.
            DuplicateUsernameError: another user has the same username key.
        """

        def work(connection: Connection) -> User:
            current = _lock_for_change(connection, user_id)
            if current.role == Role.ADMIN and values.role != Role.ADMIN:
                _require_another_admin(connection, user_id, "demote")
            row = connection.execute(_update_statement(user_id, values)).one()
            if values.password_hash is not None:
                _end_sessions(connection, user_id, keep_session_hash)
            record(connection, current, to_user(row))
            return to_user(row)

        try:
            return self._db.write(work)
        except IntegrityError:
            raise _duplicate(values.username) from None

    def set_password_hash(
        self, user_id: int, credential_version: int, password_hash: str
    ) -> None:
        """Replace a hash made with old costs, unless the password changed since."""
        statement = (
            update(users)
            .where(users.c.id == user_id)
            .where(users.c.credential_version == credential_version)
            .values(password_hash=password_hash)
        )
        self._db.write(lambda c: c.execute(statement))

    def export_all(self) -> list[ExportedUser]:
        """Return every user with its password hash, by ascending id."""
        query = select(*_USER_COLUMNS, users.c.password_hash).order_by(users.c.id)
        with self._db.reading() as connection:
            rows = connection.execute(query).all()
        return [
            ExportedUser(row.id, row.username, Role(row.role), row.password_hash)
            for row in rows
        ]

    def import_all(
        self, records: list[ExportedUser], dry_run: bool
    ) -> list[ImportResult]:
        """Create or update users from a backup, all in one transaction.

        A record updates the user with the same username key, or creates one.
        A created user keeps the record's id when this database never assigned
        an id that high. Otherwise it gets a new id, so ids are never reused.
        A new hash ends the user's sessions. Users not in ``records`` stay.
        With ``dry_run`` the transaction is rolled back.

        Raises:
            AdminMustExistError: no admin would be left.
            DuplicateUsernameError: another client created a user with one
                of the names or ids while the import ran.
        """

        def work(connection: Connection) -> list[ImportResult]:
            _locked_admin_ids(connection)
            next_kept_id = _highest_assigned_id(connection) + 1
            results = []
            for record in sorted(records, key=lambda r: r.id):
                result = _import_one(connection, record, next_kept_id)
                if result.action == "create" and result.user_id == record.id:
                    next_kept_id = record.id + 1
                results.append(result)
            if not _locked_admin_ids(connection):
                raise AdminMustExistError(
                    "The import would leave no admin: at least one user in the "
                    "file or the database must keep the admin role."
                )
            if not dry_run and self._db.is_postgresql:
                _advance_id_sequence(connection)
            return results

        run = self._db.rehearse if dry_run else self._db.write
        try:
            return run(work)
        except IntegrityError:
            raise DuplicateUsernameError(
                "Another client created a user with a name or id from the file "
                "while the import ran, so nothing was imported. Run it again."
            ) from None

    def delete(self, user_id: int, record: Recorder = _record_nothing) -> None:
        """Delete a user and end all of their sessions.

        Raises:
            UserNotFoundError: no user has ``user_id``.
            AdminMustExistError: the user is the last admin.
        """

        def work(connection: Connection) -> None:
            current = _lock_for_change(connection, user_id)
            if current.role == Role.ADMIN:
                _require_another_admin(connection, user_id, "delete")
            connection.execute(delete(sessions).where(sessions.c.user_id == user_id))
            connection.execute(delete(users).where(users.c.id == user_id))
            record(connection, current, None)

        self._db.write(work)


def _to_credentials(row: tuple, has_session: bool = False) -> StoredCredentials:
    """Build credentials from a row that starts with ``_CREDENTIAL_COLUMNS``."""
    user_id, username, role, password_hash, credential_version = row[:5]
    return StoredCredentials(
        User(user_id, username, Role(role)),
        password_hash,
        credential_version,
        has_session=has_session,
    )


def _lock_for_change(connection: Connection, user_id: int) -> User:
    # Admins are locked first, in id order, by every change that may remove an
    # admin, so that two such changes on PostgreSQL queue instead of both
    # seeing two admins. SQLite write transactions already hold the write lock.
    _locked_admin_ids(connection)
    query = select(*_USER_COLUMNS).where(users.c.id == user_id).with_for_update()
    row = connection.execute(query).first()
    if row is None:
        raise UserNotFoundError(f"No user has the id {user_id}.")
    return to_user(row)


def _locked_admin_ids(connection: Connection) -> list[int]:
    query = (
        select(users.c.id)
        .where(users.c.role == Role.ADMIN.value)
        .order_by(users.c.id)
        .with_for_update()
    )
    return list(connection.execute(query).scalars())


def _require_another_admin(connection: Connection, user_id: int, action: str) -> None:
    others = [i for i in _locked_admin_ids(connection) if i != user_id]
    if not others:
        raise AdminMustExistError(
            f"Cannot {action} the user with id {user_id}: it is the only admin, "
            "and at least one admin must exist."
        )


def _import_one(
    connection: Connection, record: ExportedUser, next_kept_id: int
) -> ImportResult:
    key = username_key(record.username)
    query = (
        select(*_USER_COLUMNS, users.c.password_hash)
        .where(users.c.username_key == key)
        .with_for_update()
    )
    current = connection.execute(query).first()
    if current is None:
        return _import_new(connection, record, key, next_kept_id)
    changed = tuple(
        name
        for name, old, new in [
            ("username", current.username, record.username),
            ("role", current.role, record.role.value),
            ("password", current.password_hash, record.password_hash),
        ]
        if old != new
    )
    if changed:
        values = NewValues(
            record.username,
            key,
            record.role,
            record.password_hash if "password" in changed else None,
        )
        connection.execute(_update_statement(current.id, values))
        if "password" in changed:
            _end_sessions(connection, current.id, None)
    action = "update" if changed else "keep"
    return ImportResult(action, current.id, record.username, changed)


def _import_new(
    connection: Connection, record: ExportedUser, key: str, next_kept_id: int
) -> ImportResult:
    now = time.time()
    values = {
        "username": record.username,
        "username_key": key,
        "role": record.role.value,
        "password_hash": record.password_hash,
        "created_at": now,
        "updated_at": now,
    }
    if record.id >= next_kept_id:
        # NOTE: on PostgreSQL a create on another node can take this id from the
        # sequence meanwhile; the import then fails whole and can be rerun.
        values["id"] = record.id
    statement = insert(users).values(**values).returning(users.c.id)
    user_id = connection.execute(statement).scalar_one()
    return ImportResult("create", user_id, record.username)


def _highest_assigned_id(connection: Connection) -> int:
    """Return the highest user id this database ever assigned, deleted or not."""
    if connection.dialect.name == "postgresql":
        row = connection.exec_driver_sql(
            "SELECT last_value, is_called FROM users_id_seq"
        ).one()
        return row.last_value if row.is_called else 0
    # AUTOINCREMENT records the highest id in sqlite_sequence, and raises it
    # itself when a row is inserted with a higher explicit id.
    seq = connection.exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = 'users'"
    ).scalar()
    return seq or 0


def _advance_id_sequence(connection: Connection) -> None:
    # Users inserted with explicit ids leave the sequence behind; without
    # this, the next create would pick an id that is taken.
    connection.exec_driver_sql(
        "SELECT setval('users_id_seq', GREATEST("
        "(SELECT max(id) FROM users), "
        "(SELECT last_value FROM users_id_seq)))"
    )


def _update_statement(user_id: int, values: NewValues):
    changes: dict[str, object] = {
        "username": values.username,
        "username_key": values.username_key,
        "role": values.role.value,
        "updated_at": time.time(),
    }
    if values.password_hash is not None:
        changes["password_hash"] = values.password_hash
        changes["credential_version"] = users.c.credential_version + 1
    return (
        update(users)
        .where(users.c.id == user_id)
        .values(**changes)
        .returning(*_USER_COLUMNS)
    )


def _end_sessions(connection: Connection, user_id: int, keep_hash: str | None) -> None:
    statement = delete(sessions).where(sessions.c.user_id == user_id)
    if keep_hash is not None:
        statement = statement.where(sessions.c.token_hash != keep_hash)
    connection.execute(statement)


def _duplicate(username: str) -> DuplicateUsernameError:
    return DuplicateUsernameError(
        f"The username {username!r} already exists, or differs from an existing "
        "one only by case or Unicode form."
    )
