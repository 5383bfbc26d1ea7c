"""Single-statement reads on raw DBAPI connections, for the request hot path.

A read through a SQLAlchemy ``Connection`` costs a pool checkout, a ``BEGIN``,
the statement and a rollback, most of it Python overhead. The reads here run
one statement, compiled once from SQLAlchemy Core, on a connection that each
thread keeps open in autocommit mode. One statement reads one consistent
snapshot, and each one starts a new snapshot, so it sees every write that was
committed before it began, on any server sharing the database.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, Select

logger = logging.getLogger(__name__)


class PreparedQuery:
    """A SELECT compiled to the dialect's SQL text.

    ``names`` are its bound parameters, in the order the SQL text uses them,
    which is the order in which ``fetch_one`` and ``fetch_all`` take values.
    """

    def __init__(self, statement: Select, engine: Engine, names: tuple[str, ...]):
        compiled = statement.compile(dialect=engine.dialect)
        self.sql = str(compiled)
        self.names = names
        self.positional = engine.dialect.positional
        if self.positional and tuple(compiled.positiontup or ()) != names:
            raise ValueError(
                f"The parameters {names} are not in the order the SQL uses: "
                f"{compiled.positiontup}"
            )

    def parameters(self, values: tuple) -> tuple | dict[str, Any]:
        if self.positional:
            return values
        return dict(zip(self.names, values, strict=True))


class _ThreadConnection:
    """A thread's connection, closed when the thread ends.

    Server threads come and go (granian ends idle ones), and a thread's
    ``threading.local`` values are dropped when it ends, which closes this.
    """

    __slots__ = ("__weakref__", "connection")

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()


class RawReader:
    """Runs prepared queries on one autocommit DBAPI connection per thread.

    ``configure`` is applied to every new connection, so that it gets the
    same settings as the engine's pooled ones.
    """

    def __init__(
        self, engine: Engine, configure: Callable[[Any], None] | None = None
    ) -> None:
        self._engine = engine
        self._configure = configure
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: weakref.WeakSet[_ThreadConnection] = weakref.WeakSet()
        self._connection_errors = engine.dialect.loaded_dbapi.OperationalError

    def prepare(self, statement: Select, *names: str) -> PreparedQuery:
        """Compile ``statement``, whose bound parameters are ``names``."""
        return PreparedQuery(statement, self._engine, names)

    def fetch_one(self, query: PreparedQuery, *values: Any) -> tuple | None:
        return self._run(query, values, _fetch_one)

    def fetch_all(self, query: PreparedQuery, *values: Any) -> list[tuple]:
        return self._run(query, values, _fetch_all)

    @property
    def open_connections(self) -> int:
        return len(self._opened)

    def close(self) -> None:
        with self._lock:
            holders = list(self._opened)
        for holder in holders:
            holder.connection.close()

    def _run(self, query: PreparedQuery, values: tuple, fetch):
        parameters = query.parameters(values)
        connection = self._connection()
        try:
            return self._execute(connection, query.sql, parameters, fetch)
        except self._connection_errors:
            if not self._is_closed(connection):
                raise
            # A PostgreSQL connection can drop while idle (server restart,
            # network). Open a new one and run the read once more.
            logger.warning("A database read connection was closed; reopening it")
            self._discard(connection)
            connection = self._connection()
            return self._execute(connection, query.sql, parameters, fetch)

    @staticmethod
    def _execute(connection, sql: str, parameters, fetch):
        cursor = connection.cursor()
        try:
            cursor.execute(sql, parameters)
            return fetch(cursor)
        finally:
            cursor.close()

    def _connection(self):
        holder = getattr(self._local, "holder", None)
        if holder is None:
            holder = _ThreadConnection(self._open())
            with self._lock:
                self._opened.add(holder)
            self._local.holder = holder
        return holder.connection

    def _open(self):
        dialect = self._engine.dialect
        args, kwargs = dialect.create_connect_args(self._engine.url)
        if dialect.name == "sqlite":
            # Closed by ``close`` from whichever thread shuts the server down.
            kwargs["check_same_thread"] = False
        connection = dialect.loaded_dbapi.connect(*args, **kwargs)
        if self._configure is not None:
            self._configure(connection)
        if dialect.name == "postgresql":
            connection.autocommit = True
        return connection

    def _discard(self, connection) -> None:
        self._local.holder = None
        connection.close()

    @staticmethod
    def _is_closed(connection) -> bool:
        # psycopg marks a connection it lost as ``broken``; sqlite3 has neither.
        return bool(getattr(connection, "broken", False)) or bool(
            getattr(connection, "closed", False)
        )


def _fetch_one(cursor) -> tuple | None:
    return cursor.fetchone()


def _fetch_all(cursor) -> list[tuple]:
    return cursor.fetchall()
