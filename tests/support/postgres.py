"""Throw-away PostgreSQL databases on 127.0.0.1:5432, for one test or module.

Each database gets a random name with the ``bfus_test_`` prefix, and only the
databases created here are ever dropped.
"""

from __future__ import annotations

import os
import secrets

import psycopg
from psycopg import sql

HOST = "127.0.0.1"
PORT = 5432
NAME_PREFIX = "bfus_test_"


def _user() -> str:
    return os.environ.get("PGUSER", "postgres")


def _admin_connection() -> psycopg.Connection:
    return psycopg.connect(
        host=HOST, port=PORT, user=_user(), dbname="postgres", autocommit=True
    )


def postgres_available() -> bool:
    try:
        with _admin_connection():
            return True
    except psycopg.OperationalError:
        return False


def database_url(name: str) -> str:
    return f"postgresql://{_user()}@{HOST}:{PORT}/{name}"


class PostgresDatabases:
    """Creates empty databases and drops every one of them at the end."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def create(self) -> str:
        """Create an empty database and return its URL."""
        name = NAME_PREFIX + secrets.token_hex(6)
        with _admin_connection() as connection:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )
        self.names.append(name)
        return database_url(name)

    def drop_all(self) -> None:
        with _admin_connection() as connection:
            for name in self.names:
                # FORCE ends the connections of servers a test killed.
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(name)
                    )
                )
        self.names.clear()


def connect(url: str) -> psycopg.Connection:
    """Open a plain connection to a database made by ``PostgresDatabases``."""
    name = url.rsplit("/", 1)[1]
    assert name.startswith(NAME_PREFIX), name
    return psycopg.connect(
        host=HOST, port=PORT, user=_user(), dbname=name, autocommit=True
    )
