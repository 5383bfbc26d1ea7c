"""wait_for_server_initialization returns once /api/version succeeds."""

from __future__ import annotations

import threading
import time

import pytest
from tests.support.server import ServerProcess, free_port, sqlite_url

from brainframe.api import BrainFrameAPI


@pytest.mark.parametrize("authorize", [False, True], ids=["open", "secured"])
def test_wait_returns_for_running_server(start_server, authorize):
    server = start_server(authorize=authorize)
    api = BrainFrameAPI(server.url, credentials=("admin", "admin"))
    started = time.monotonic()
    api.wait_for_server_initialization(timeout=10)
    assert time.monotonic() - started < 5


def test_wait_returns_once_server_starts(tmp_path):
    server = ServerProcess(
        tmp_path, sqlite_url(tmp_path), {"AUTHORIZE_CLIENTS": "true"}
    )
    api = BrainFrameAPI(server.url, credentials=("admin", "admin"))
    starter = threading.Thread(target=server.start)
    try:
        starter.start()
        api.wait_for_server_initialization(timeout=30)
        assert api.version().startswith("0.30.")
    finally:
        starter.join()
        server.stop()


def test_wait_times_out_with_wrong_credentials(start_server):
    server = start_server(authorize=True)
    api = BrainFrameAPI(server.url, credentials=("admin", "wrong-password"))
    with pytest.raises(TimeoutError):
        api.wait_for_server_initialization(timeout=1)


def test_wait_times_out_without_server():
    api = BrainFrameAPI(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(TimeoutError):
        api.wait_for_server_initialization(timeout=1)
