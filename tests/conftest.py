"""Fixtures that start real servers on loopback ports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from tests.support.server import ServerProcess, sqlite_url

StartServer = Callable[..., ServerProcess]

# The official client's suite runs in its own environment (scripts/test.sh),
# because this project's client also provides the brainframe.api package.
collect_ignore = ["official"]


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[StartServer]:
    """Start servers for one test, each on a fresh SQLite file unless told."""
    started: list[ServerProcess] = []

    def start(
        authorize: bool = False, database_url: str | None = None, **settings: str
    ) -> ServerProcess:
        directory = tmp_path / f"server{len(started)}"
        directory.mkdir()
        env = {"AUTHORIZE_CLIENTS": "true" if authorize else "false", **settings}
        server = ServerProcess(directory, database_url or sqlite_url(directory), env)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


def _module_server(
    tmp_path_factory, authorize: bool, **settings: str
) -> Iterator[ServerProcess]:
    directory = tmp_path_factory.mktemp("server")
    env = {"AUTHORIZE_CLIENTS": "true" if authorize else "false", **settings}
    server = ServerProcess(directory, sqlite_url(directory), env).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def open_server(tmp_path_factory) -> Iterator[ServerProcess]:
    """A server shared by a module's tests, with authorization off."""
    yield from _module_server(tmp_path_factory, authorize=False)


@pytest.fixture(scope="module")
def secured_server(tmp_path_factory) -> Iterator[ServerProcess]:
    """A server shared by a module's tests, with authorization on."""
    yield from _module_server(tmp_path_factory, authorize=True)


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A plain HTTP session that keeps no cookies between requests."""
    session = requests.Session()
    session.cookies.set_policy(_NoCookies())
    yield session
    session.close()


class _NoCookies:
    """A cookie policy that stores nothing, so each test sends cookies itself."""

    netscape = True
    rfc2965 = False
    hide_cookie2 = False

    def set_ok(self, cookie, request) -> bool:
        return False

    def return_ok(self, cookie, request) -> bool:
        return False

    def domain_return_ok(self, domain, request) -> bool:
        return False

    def path_return_ok(self, path, request) -> bool:
        return False
