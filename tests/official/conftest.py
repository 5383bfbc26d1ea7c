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

from brainframe.api import BrainFrameAPI

ADMIN = ("admin", "admin")


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


@pytest.fixture(scope="module", params=["open", "secured"])
def mode_server(request, tmp_path_factory):
    """A server shared by a module's tests, once with authorization off, once on."""
    directory = tmp_path_factory.mktemp(request.param)
    authorize = "true" if request.param == "secured" else "false"
    server = ServerProcess(
        directory, sqlite_url(directory), {"AUTHORIZE_CLIENTS": authorize}
    )
    yield server.start()
    server.stop()


@pytest.fixture
def admin_api(mode_server):
    """The official client as the seeded admin; it sends no credentials when open."""
    credentials = ADMIN if mode_server.authorizes_clients else None
    api = BrainFrameAPI(mode_server.url, credentials=credentials)
    yield api
    api.close()
