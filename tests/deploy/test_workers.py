"""``serve --workers N`` runs N worker processes over one database."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.support.database import query
from tests.support.users import create_user


def _child_pids(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        children += [int(child) for child in text.split()]
    return children


def test_workers_flag_starts_processes(start_server, http):
    server = start_server(SERVER_WORKERS="3", DATABASE_POOL_SIZE="2")
    assert server.process is not None
    workers = _child_pids(server.process.pid)
    assert len(workers) == 3
    assert "Spawning worker-3" in server.log_text()

    names = [f"w{i}" for i in range(12)]
    for name in names:
        create_user(http, server.url, name, "worker-pass")
    listed = {u["username"] for u in http.get(f"{server.url}/api/users").json()}
    assert set(names) <= listed


def test_sqlite_file_uses_wal(start_server, backend):
    if backend != "sqlite":
        pytest.skip("the journal mode is a SQLite setting")
    server = start_server()
    requests.get(f"{server.url}/api/users", timeout=30)
    assert query(server.database_url, "PRAGMA journal_mode") == [("wal",)]
