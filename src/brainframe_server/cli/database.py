"""Opening the database for commands that work on it directly."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from brainframe_server.audit.log import AuditLog
from brainframe_server.audit.model import Actor
from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import Settings
from brainframe_server.store import database as store_database
from brainframe_server.store.audit import AuditStore
from brainframe_server.store.database import Database
from brainframe_server.store.migrate import prepare_database
from brainframe_server.store.users import UserStore
from brainframe_server.users.service import UserService


@contextmanager
def open_database(settings: Settings) -> Iterator[Database]:
    """Migrate the database if needed, as ``serve`` does, and yield it."""
    database = store_database.open_database(settings)
    try:
        prepare_database(database, PasswordHasher(settings))
        yield database
    finally:
        database.close()


def audit_log(database: Database, settings: Settings) -> AuditLog:
    return AuditLog(AuditStore(database), settings.audit_retention_days)


def user_service(database: Database, settings: Settings) -> UserService:
    """Return the service the API uses, so the command line obeys the same rules."""
    return UserService(
        UserStore(database),
        PasswordHasher(settings),
        settings,
        audit_log(database, settings),
    )


def command_line_actor() -> Actor:
    """Return the actor recorded for changes made with this command."""
    try:
        account = getpass.getuser()
    except OSError:
        account = "unknown"
    return Actor(id=None, name=f"command line ({account})")
