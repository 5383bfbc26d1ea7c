"""Migrations: applied once, safely, when several processes start together."""

from __future__ import annotations

import os
import subprocess
import threading

from brainframe_server.store.migrate import head_revision
from tests.support.database import query, user_rows
from tests.support.server import ServerProcess, server_executable

NODES = 4


def _assert_migrated_once(url: str) -> None:
    users = user_rows(url)
    assert [(u.id, u.username, u.role) for u in users] == [(1, "admin", "admin")]
    versions = query(url, "SELECT version_num FROM alembic_version")
    assert versions == [(head_revision(),)]


def test_migrate_command_at_once(make_database, tmp_path):
    url = make_database(tmp_path)
    env = {**os.environ, "LOG_LEVEL": "INFO"}
    processes = [
        subprocess.Popen(
            [server_executable(), "migrate", "--database-url", url],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(NODES)
    ]
    outputs = [process.communicate(timeout=60)[0] for process in processes]
    for process, output in zip(processes, outputs, strict=True):
        assert process.returncode == 0, output
    seeded = [output for output in outputs if "Created the default user" in output]
    assert len(seeded) == 1, outputs
    _assert_migrated_once(url)


def test_migrate_command_is_idempotent(make_database, tmp_path):
    url = make_database(tmp_path)
    for _ in range(2):
        result = subprocess.run(
            [server_executable(), "migrate", "--database-url", url],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert "is up to date" in result.stderr
    _assert_migrated_once(url)


def test_servers_starting_together_migrate_once(make_database, tmp_path):
    url = make_database(tmp_path)
    servers = []
    for number in range(3):
        directory = tmp_path / f"node{number}"
        directory.mkdir()
        servers.append(ServerProcess(directory, url, {"DATABASE_POOL_SIZE": "2"}))
    errors: list[BaseException] = []

    def start(server: ServerProcess) -> None:
        try:
            server.start()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=start, args=(s,)) for s in servers]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        _assert_migrated_once(url)
    finally:
        for server in servers:
            server.stop()
