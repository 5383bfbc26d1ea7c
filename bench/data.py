"""Databases for the users server, filled with SQL straight from the benchmark.

Every seeded user shares one argon2id hash, computed once with the server's
default costs, so that a login with it runs exactly one verify and no rehash.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import argon2

PASSWORD = "bench-password-1"  # noqa: S105 - the seeded users' password
READER = "bench-reader"

# The server's defaults: ARGON2_TIME_COST, ARGON2_MEMORY_COST, ARGON2_PARALLELISM.
DEFAULT_HASHER = argon2.PasswordHasher(
    time_cost=2, memory_cost=19 * 1024, parallelism=1, type=argon2.Type.ID
)


def password_hash() -> str:
    return DEFAULT_HASHER.hash(PASSWORD)


def basic_header(username: str, password: str = PASSWORD) -> str:
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def create_database(server_command: str, path: Path) -> str:
    """Migrate a new SQLite database with the server's own command."""
    url = f"sqlite:///{path}"
    subprocess.run(
        [server_command, "migrate", "--database-url", url],
        check=True,
        capture_output=True,
        cwd=path.parent,
    )
    return url


def add_users(path: Path, prefix: str, count: int, hash_text: str) -> list[str]:
    """Insert ``count`` editors named ``{prefix}{n}`` and return their names."""
    names = [f"{prefix}{n:06d}" for n in range(count)]
    now = time.time()
    rows = [(name, name.casefold(), "editor", hash_text, now, now) for name in names]
    with _connect(path) as connection:
        connection.executemany(
            "INSERT INTO users (username, username_key, role, password_hash,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    return names


def add_sessions(path: Path, usernames: list[str], per_user: int) -> list[str]:
    """Insert ``per_user`` live sessions for each user; return the tokens."""
    now = time.time()
    tokens = []
    rows = []
    with _connect(path) as connection:
        for username in usernames:
            (user_id,) = connection.execute(
                "SELECT id FROM users WHERE username = ?", (username,)
            ).fetchone()
            for _ in range(per_user):
                token = secrets.token_urlsafe(32)
                tokens.append(token)
                rows.append((_token_hash(token), user_id, now, now))
        connection.executemany(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_used_at)"
            " VALUES (?, ?, ?, ?)",
            rows,
        )
    return tokens


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, timeout=30)
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        with connection:
            yield connection
    finally:
        connection.close()
