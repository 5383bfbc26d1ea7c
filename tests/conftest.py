"""Fixtures that start real servers on loopback ports.

Server fixtures run every test twice: on a SQLite file and on a fresh
PostgreSQL database (marker ``postgres``; ``-m "not postgres"`` leaves it out).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from tests.support.postgres import PostgresDatabases, postgres_available
from tests.support.server import ServerProcess, sqlite_url

StartServer = Callable[..., ServerProcess]
MakeDatabase = Callable[[Path], str]

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@functools.cache
def _postgres_running() -> bool:
    return postgres_available()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request) -> str:
    """The database the module's servers use: ``sqlite`` or ``postgres``."""
    if request.param == "postgres" and not _postgres_running():
        pytest.skip(
            "PostgreSQL is not accepting connections on 127.0.0.1:5432; "
            "start it with scripts/ci-services.sh"
        )
    return request.param


@pytest.fixture(scope="module")
def make_database(backend: str) -> Iterator[MakeDatabase]:
    """Return a function that makes an empty database and returns its URL.

    SQLite files go into the directory given; PostgreSQL databases are
    dropped when the module ends.
    """
    databases = PostgresDatabases()

    def make(directory: Path) -> str:
        if backend == "postgres":
            return databases.create()
        return sqlite_url(directory)

    yield make
    databases.drop_all()


# The official client's suite runs in its own environment (scripts/test.sh),
# because this project's client also provides the brainframe.api package.
collect_ignore = ["official"]


@pytest.fixture
def start_server(tmp_path: Path, make_database: MakeDatabase) -> Iterator[StartServer]:
    """Start servers for one test, each on a fresh database unless told."""
    started: list[ServerProcess] = []

    def start(
        authorize: bool = False, database_url: str | None = None, **settings: str
    ) -> ServerProcess:
        directory = tmp_path / f"server{len(started)}"
        directory.mkdir()
        env = {"AUTHORIZE_CLIENTS": "true" if authorize else "false", **settings}
        url = database_url or make_database(directory)
        server = ServerProcess(directory, url, env)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


def _module_server(
    tmp_path_factory, make_database: MakeDatabase, authorize: bool, **settings: str
) -> Iterator[ServerProcess]:
    directory = tmp_path_factory.mktemp("server")
    env = {"AUTHORIZE_CLIENTS": "true" if authorize else "false", **settings}
    server = ServerProcess(directory, make_database(directory), env).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def open_server(tmp_path_factory, make_database) -> Iterator[ServerProcess]:
    """A server shared by a module's tests, with authorization off."""
    yield from _module_server(tmp_path_factory, make_database, authorize=False)


@pytest.fixture(scope="module")
def secured_server(tmp_path_factory, make_database) -> Iterator[ServerProcess]:
    """A server shared by a module's tests, with authorization on."""
    yield from _module_server(tmp_path_factory, make_database, authorize=True)


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
