"""Database engines for SQLite and PostgreSQL, and the transactions the stores use."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from brainframe_server.settings import Settings, SettingsError
from brainframe_server.store.prepared import RawReader

logger = logging.getLogger(__name__)

T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 10_000

DEFAULT_POOL_SIZE = 10

# Seconds a request waits for a free PostgreSQL connection before it fails.
POOL_TIMEOUT = 30

# PostgreSQL error codes after which a whole transaction may simply run again.
_RETRYABLE_PGCODES = frozenset({"40001", "40P01"})
_MAX_ATTEMPTS = 5


def parse_database_url(text: str) -> URL:
    """Parse ``DATABASE_URL`` and choose the driver this server ships with.

    Raises:
        SettingsError: the URL is malformed or names another database.
    """
    try:
        url = make_url(text)
    except ArgumentError:
        raise SettingsError(
            "DATABASE_URL is not a valid database URL: expected "
            "sqlite:///PATH or postgresql://USER@HOST/NAME"
        ) from None
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite" and url.get_driver_name() == "pysqlite":
        return url
    raise SettingsError(
        f"DATABASE_URL names the unsupported database {url.drivername!r}: "
        "expected sqlite or postgresql"
    )


def describe_url(url: URL) -> str:
    """Return the URL with any password hidden, for logs."""
    return url.render_as_string(hide_password=True)


def open_engine(url: URL, pool_size: int = DEFAULT_POOL_SIZE) -> Engine:
    """Create the engine, with per-connection settings for SQLite.

    On PostgreSQL, ``pool_size`` is the most connections this process opens;
    a request thread that finds them all busy waits for one to come back.
    """
    if url.get_backend_name() == "sqlite":
        return _open_sqlite(url)
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=POOL_TIMEOUT,
    )


def _open_sqlite(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    # SQLAlchemy, not the sqlite3 module, must issue BEGIN, so that write
    # transactions can take the write lock at once (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # The busy timeout comes first: switching a new file to WAL takes a lock
    # that another server starting at the same moment may hold.
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _configure_sqlite_reader(dbapi_connection) -> None:
    _configure_sqlite_connection(dbapi_connection, None)
    dbapi_connection.execute("PRAGMA query_only=ON")


def _begin_sqlite_transaction(connection: Connection) -> None:
    # A write transaction takes the write lock before its first read, so the
    # checks it makes (such as counting admins) still hold when it writes.
    if connection.get_execution_options().get("for_write"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


class Database:
    """An engine, the two kinds of transaction the stores run, and ``reader``.

    ``reader`` runs single-statement reads without a transaction of their own,
    for the reads that every request makes.
    """

    def __init__(self, url: URL, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.url = url
        self.engine = open_engine(url, pool_size)
        self.is_postgresql = url.get_backend_name() == "postgresql"
        self._write_engine = self.engine.execution_options(for_write=True)
        self.reader = RawReader(
            self.engine, None if self.is_postgresql else _configure_sqlite_reader
        )

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in a write transaction, retrying it after a deadlock.

        ``work`` must do nothing but database work, because it may run again.
        """
        for attempt in range(1, _MAX_ATTEMPTS + 1):
            try:
                with self._write_engine.begin() as connection:
                    return work(connection)
            except OperationalError as error:
                if attempt == _MAX_ATTEMPTS or not _is_retryable(error):
                    raise
                logger.warning(
                    "Transaction conflict, running it again (attempt %d): %s",
                    attempt + 1,
                    type(error.orig).__name__,
                )
                time.sleep(0.01 * attempt)
        raise AssertionError("unreachable")

    def check(self) -> None:
        """Run a trivial query; raise SQLAlchemyError when the database fails."""
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    def rehearse(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in a write transaction, then roll it back.

        The result is what ``work`` would return if it were committed now.
        """
        with self._write_engine.connect() as connection:
            transaction = connection.begin()
            try:
                return work(connection)
            finally:
                transaction.rollback()

    def close(self) -> None:
        self.reader.close()
        self.engine.dispose()


def open_database(settings: Settings) -> Database:
    """Open the database that ``settings`` name, with their pool size."""
    return Database(
        parse_database_url(settings.database_url), settings.database_pool_size
    )


def _is_retryable(error: DBAPIError) -> bool:
    code = getattr(error.orig, "sqlstate", None)
    return code in _RETRYABLE_PGCODES
