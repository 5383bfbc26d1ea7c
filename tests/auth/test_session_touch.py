"""When a session's last use is written, against a real SQLite store."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from brainframe_server.auth.sessions import SessionManager, hash_token
from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import Settings
from brainframe_server.store.database import Database, parse_database_url
from brainframe_server.store.migrate import prepare_database
from brainframe_server.store.sessions import SessionStore

SETTINGS = Settings(argon2_time_cost=1, argon2_memory_cost=8)


@pytest.fixture
def database_path(tmp_path):
    return tmp_path / "users.db"


@pytest.fixture
def manager(database_path):
    database = Database(parse_database_url(f"sqlite:///{database_path}"))
    prepare_database(database, PasswordHasher(SETTINGS))
    yield SessionManager(SessionStore(database), SETTINGS)
    database.close()


def last_used(database_path, token: str) -> float:
    with sqlite3.connect(database_path) as connection:
        return connection.execute(
            "SELECT last_used_at FROM sessions WHERE token_hash = ?",
            (hash_token(token),),
        ).fetchone()[0]


def make_stale(database_path, token: str, at: float) -> None:
    with sqlite3.connect(database_path) as connection:
        connection.execute(
            "UPDATE sessions SET last_used_at = ? WHERE token_hash = ?",
            (at, hash_token(token)),
        )


def test_stale_session_is_touched(manager, database_path):
    token = manager.open(1, 1)
    make_stale(database_path, token, time.time() - 120)
    manager.resolve(token)
    assert time.time() - last_used(database_path, token) < 5


def test_recent_session_is_not_written(manager, database_path):
    token = manager.open(1, 1)
    recent = time.time() - 10
    make_stale(database_path, token, recent)
    manager.resolve(token)
    assert last_used(database_path, token) == recent


def test_one_touch_per_interval_from_one_process(manager, database_path):
    token = manager.open(1, 1)
    make_stale(database_path, token, time.time() - 120)
    manager.resolve(token)
    # Another request that read the row before the touch landed finds it stale.
    stale = time.time() - 120
    make_stale(database_path, token, stale)
    manager.resolve(token)
    assert last_used(database_path, token) == stale


def test_simultaneous_requests_touch_once(manager, database_path, monkeypatch):
    token = manager.open(1, 1)
    make_stale(database_path, token, time.time() - 120)
    store = manager._store
    touches = []
    original = store.touch

    def counting_touch(token_hash: str, now: float) -> None:
        touches.append(now)
        original(token_hash, now)

    monkeypatch.setattr(store, "touch", counting_touch)
    start = threading.Barrier(8)

    def resolve() -> None:
        start.wait()
        manager.resolve(token)

    threads = [threading.Thread(target=resolve) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(touches) == 1


def test_many_sessions_are_each_touched(manager, database_path):
    tokens = [manager.open(1, 1) for _ in range(20)]
    for token in tokens:
        make_stale(database_path, token, time.time() - 120)
        manager.resolve(token)
    assert all(time.time() - last_used(database_path, t) < 5 for t in tokens)
