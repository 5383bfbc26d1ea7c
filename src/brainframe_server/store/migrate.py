"""Schema migrations and the first-start seed, run once before serving."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, insert, select

from brainframe_server.passwords import PasswordHasher
from brainframe_server.store.database import Database
from brainframe_server.store.schema import users
from brainframe_server.users.model import Role
from brainframe_server.users.rules import username_key

logger = logging.getLogger(__name__)

DEFAULT_ADMIN_USERNAME = "admin"
DEFAULT_ADMIN_PASSWORD = "admin"  # noqa: S105 - BrainFrame's documented default

# Key of the PostgreSQL advisory lock that lets one node migrate at a time.
_MIGRATION_LOCK_KEY = 0x6266_7573  # "bfus"

_MIGRATIONS = Path(__file__).parent / "migrations"


def prepare_database(database: Database, hasher: PasswordHasher) -> None:
    """Apply pending migrations, then create the default admin in an empty database.

    Servers starting together on one database take turns: on PostgreSQL an
    advisory lock, on SQLite the write lock, lets one of them migrate while the
    others wait and then find nothing left to do.
    """
    with database.engine.execution_options(for_write=True).connect() as connection:
        if database.is_postgresql:
            connection.exec_driver_sql(
                f"SELECT pg_advisory_lock({_MIGRATION_LOCK_KEY})"
            )
            connection.commit()
        try:
            _upgrade(connection)
            connection.commit()
            _seed(connection, hasher)
            connection.commit()
        finally:
            if database.is_postgresql:
                connection.rollback()
                connection.exec_driver_sql(
                    f"SELECT pg_advisory_unlock({_MIGRATION_LOCK_KEY})"
                )
                connection.commit()


def head_revision() -> str:
    """Return the revision that ``prepare_database`` brings a database to."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def _upgrade(connection: Connection) -> None:
    config = _alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _seed(connection: Connection, hasher: PasswordHasher) -> None:
    if connection.execute(select(func.count()).select_from(users)).scalar_one():
        return
    now = time.time()
    connection.execute(
        insert(users).values(
            username=DEFAULT_ADMIN_USERNAME,
            username_key=username_key(DEFAULT_ADMIN_USERNAME),
            role=Role.ADMIN.value,
            password_hash=hasher.hash(DEFAULT_ADMIN_PASSWORD),
            created_at=now,
            updated_at=now,
        )
    )
    logger.warning(
        "Created the default user 'admin' with the password 'admin'. "
        "CHANGE THIS PASSWORD before enabling AUTHORIZE_CLIENTS or exposing "
        "the server to a network."
    )
