"""Prepared reads on per-thread DBAPI connections, against a real SQLite file."""

from __future__ import annotations

import gc
import threading

from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import Settings
from brainframe_server.store.database import Database, parse_database_url
from brainframe_server.store.migrate import prepare_database
from brainframe_server.store.users import UserStore


def test_thread_connection_closed_when_thread_ends(tmp_path):
    database = Database(parse_database_url(f"sqlite:///{tmp_path / 'users.db'}"))
    prepare_database(database, PasswordHasher(Settings(argon2_memory_cost=8)))
    store = UserStore(database)
    found = []

    thread = threading.Thread(target=lambda: found.append(store.get(1)))
    thread.start()
    thread.join()
    gc.collect()

    assert found[0] is not None
    assert found[0].username == "admin"
    assert database.reader.open_connections == 0
    assert store.get(1) is not None
    assert database.reader.open_connections == 1
    database.close()
