"""Fixtures for this project's client, against servers with authorization off and on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from brainframe.api import BrainFrameAPI
from tests.support.server import ServerProcess, sqlite_url


@pytest.fixture(scope="module")
def backend() -> str:
    """These tests read the SQLite file directly; the API suite covers PostgreSQL."""
    return "sqlite"


@pytest.fixture(scope="module", params=["open", "secured"])
def mode_server(request, tmp_path_factory) -> Iterator[ServerProcess]:
    """A server shared by a module's tests, once with authorization off, once on."""
    directory = tmp_path_factory.mktemp(request.param)
    authorize = "true" if request.param == "secured" else "false"
    server = ServerProcess(
        directory, sqlite_url(directory), {"AUTHORIZE_CLIENTS": authorize}
    )
    yield server.start()
    server.stop()


@pytest.fixture
def admin_api(mode_server) -> Iterator[BrainFrameAPI]:
    """The client as the seeded admin; it sends no credentials to an open server."""
    credentials = ("admin", "admin") if mode_server.authorizes_clients else None
    api = BrainFrameAPI(mode_server.url, credentials=credentials)
    yield api
    api.close()
