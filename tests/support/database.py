"""Read a server's database directly, to check what the API acknowledged."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass

import psycopg

from tests.support import postgres


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    username_key: str
    role: str


def query(url: str, statement: str) -> list[tuple]:
    """Run one read-only statement on a SQLite file or a test PostgreSQL database."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            return connection.execute(statement).fetchall()
    with postgres.connect(url) as connection:
        return connection.execute(statement).fetchall()


def user_rows(url: str) -> list[UserRow]:
    rows = query(url, "SELECT id, username, username_key, role FROM users ORDER BY id")
    return [UserRow(*row) for row in rows]


def check_integrity(url: str) -> list[str]:
    """Return the problems the database's own checks find; empty when sound.

    SQLite runs ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``.
    PostgreSQL checks the B-tree indexes with amcheck, then the constraints
    by query: unique keys, roles, session owners.
    """
    if url.startswith("sqlite:///"):
        problems = [row[0] for row in query(url, "PRAGMA integrity_check")]
        problems = [] if problems == ["ok"] else problems
        problems += [str(row) for row in query(url, "PRAGMA foreign_key_check")]
        return problems
    return _check_postgres(url)


_POSTGRES_CHECKS = {
    "duplicate username keys": (
        "SELECT username_key FROM users GROUP BY username_key HAVING count(*) > 1"
    ),
    "invalid roles": "SELECT id FROM users WHERE role NOT IN ('admin', 'editor')",
    "sessions without a user": (
        "SELECT s.token_hash FROM sessions s LEFT JOIN users u ON u.id = s.user_id "
        "WHERE u.id IS NULL"
    ),
    "ids above the sequence": (
        "SELECT id FROM users WHERE id > (SELECT last_value FROM users_id_seq)"
    ),
}


def _check_postgres(url: str) -> list[str]:
    problems = []
    with postgres.connect(url) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        indexes = connection.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_class t ON t.oid = i.indrelid"
            " WHERE t.relname IN ('users', 'sessions')"
        ).fetchall()
        for (index,) in indexes:
            # heapallindexed: every table row must also be found in the index.
            try:
                connection.execute(
                    "SELECT bt_index_check(%s::regclass, true)", (index,)
                )
            except psycopg.Error as error:
                problems.append(f"index {index}: {error}")
        for name, statement in _POSTGRES_CHECKS.items():
            rows = connection.execute(statement).fetchall()
            if rows:
                problems.append(f"{name}: {rows}")
    return problems
