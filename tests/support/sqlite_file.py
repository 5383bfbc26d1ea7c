"""Direct reads and writes of a test server's SQLite file.

Only the standard library is used, so that the official client's suite can
import this too. The server keeps sessions in its database, so deleting a row
here ends that session for the running server, as an expiry would.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from tests.support.server import ServerProcess

# Seconds to wait for the server's write lock on the file.
LOCK_TIMEOUT = 10.0


def sqlite_path(server: ServerProcess) -> Path:
    prefix = "sqlite:///"
    if not server.database_url.startswith(prefix):
        raise ValueError(f"{server.database_url!r} is not a SQLite database URL")
    return Path(server.database_url[len(prefix) :])


@contextlib.contextmanager
def _connect(server: ServerProcess) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(sqlite_path(server), timeout=LOCK_TIMEOUT)
    try:
        with connection:
            yield connection
    finally:
        connection.close()


def session_hashes(server: ServerProcess, user_id: int) -> list[str]:
    """Return the stored token hashes of a user's live sessions."""
    with _connect(server) as connection:
        rows = connection.execute(
            "SELECT token_hash FROM sessions WHERE user_id = ? ORDER BY token_hash",
            (user_id,),
        ).fetchall()
    return [row[0] for row in rows]


def end_sessions(server: ServerProcess, user_id: int) -> int:
    """Delete every session of a user and return how many there were."""
    with _connect(server) as connection:
        cursor = connection.execute(
            "DELETE FROM sessions WHERE user_id = ?", (user_id,)
        )
        return cursor.rowcount


def stored_roles(server: ServerProcess) -> list[str]:
    """Return the role column of every user row, in id order."""
    with _connect(server) as connection:
        rows = connection.execute("SELECT role FROM users ORDER BY id").fetchall()
    return [row[0] for row in rows]


def stored_password_hash(server: ServerProcess, user_id: int) -> str:
    with _connect(server) as connection:
        row = connection.execute(
            "SELECT password_hash FROM users WHERE id = ?", (user_id,)
        ).fetchone()
    if row is None:
        raise LookupError(f"no user row has the id {user_id}")
    return row[0]
