"""Fixtures for the official client's suite, which runs in its own environment.

This environment has the official ``brainframe-api`` package and not this
project, so the server is started as a separate command (``BRAINFRAME_SERVER``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support.server import ServerProcess, sqlite_url


@pytest.fixture
def start_server(tmp_path):
    started = []

    def start(authorize: bool = False, **settings: str) -> ServerProcess:
        directory = tmp_path / f"server{len(started)}"
        directory.mkdir()
        env = {"AUTHORIZE_CLIENTS": "true" if authorize else "false", **settings}
        server = ServerProcess(directory, sqlite_url(directory), env)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()
