"""Servers for the fault-case tests, with the smallest argon2id costs.

These tests check status codes, titles and stored state, not hashing cost, and
many of them log in with Basic credentials on every request, so cheap hashing
keeps them fast. The timing test in test_account_enumeration.py starts its
own server with the default costs. Some tests read the SQLite file directly,
so these run on SQLite only; the API suite covers PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import StartServer, _module_server
from tests.support.server import ServerProcess

# Login throttling has its own tests; here it would turn the many deliberate
# failed logins from 127.0.0.1 into 429 answers.
FAST_HASHING = {
    "ARGON2_TIME_COST": "1",
    "ARGON2_MEMORY_COST": "1024",
    "LOGIN_FAILURES_PER_PAIR": "1000",
    "LOGIN_FAILURES_PER_USER": "1000",
    "LOGIN_FAILURES_PER_ADDRESS": "100000",
}


@pytest.fixture(scope="module")
def backend() -> str:
    return "sqlite"


@pytest.fixture
def start_server(start_server) -> StartServer:
    def start(authorize: bool = False, **settings: str) -> ServerProcess:
        return start_server(authorize, **{**FAST_HASHING, **settings})

    return start


@pytest.fixture(scope="module")
def open_server(tmp_path_factory, make_database) -> Iterator[ServerProcess]:
    yield from _module_server(
        tmp_path_factory, make_database, authorize=False, **FAST_HASHING
    )


@pytest.fixture(scope="module")
def secured_server(tmp_path_factory, make_database) -> Iterator[ServerProcess]:
    yield from _module_server(
        tmp_path_factory, make_database, authorize=True, **FAST_HASHING
    )
