"""Failed logins are throttled per username and address, on every node."""

from __future__ import annotations

import time

import pytest

from tests.conftest import BACKENDS
from tests.support.server import ServerProcess
from tests.support.users import basic, create_user


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request) -> str:
    """Counters are SQL upserts that differ by dialect, so check both."""
    return request.param


FAST_BLOCKS = {
    "LOGIN_FAILURES_PER_PAIR": "3",
    "LOGIN_FAILURES_PER_USER": "6",
    "LOGIN_FAILURES_PER_ADDRESS": "100",
    "LOGIN_BLOCK_MAX": "2",
    "LOGIN_USER_BLOCK_MAX": "1",
}


def _login(http, server, password, address=None):
    headers = basic("admin", password)
    if address is not None:
        headers["X-Forwarded-For"] = address
    return http.get(f"{server.url}/api/users", headers=headers)


def test_pair_blocked_after_free_failures(start_server, http):
    server = start_server(authorize=True, **FAST_BLOCKS)
    for _ in range(3):
        assert _login(http, server, "wrong").status_code == 401
    response = _login(http, server, "wrong")
    assert response.status_code == 429
    assert response.json()["title"] == "UnauthorizedError"
    assert "retry after" in response.json()["description"]
    assert int(response.headers["Retry-After"]) >= 1


def test_blocked_login_refused_even_when_correct(start_server, http):
    server = start_server(authorize=True, **FAST_BLOCKS)
    for _ in range(4):
        _login(http, server, "wrong")
    assert _login(http, server, "admin").status_code == 429
    time.sleep(2.2)
    assert _login(http, server, "admin").status_code == 200


def test_success_forgets_earlier_failures(start_server, http):
    server = start_server(authorize=True, **FAST_BLOCKS)
    for _ in range(2):
        assert _login(http, server, "wrong").status_code == 401
    assert _login(http, server, "admin").status_code == 200
    for _ in range(3):
        assert _login(http, server, "wrong").status_code == 401


def test_username_block_is_short_across_addresses(start_server, http):
    server = start_server(authorize=True, TRUSTED_PROXIES="127.0.0.1", **FAST_BLOCKS)
    for index in range(8):
        _login(http, server, "wrong", address=f"198.51.100.{index}")
    from_elsewhere = _login(http, server, "admin", address="203.0.113.9")
    assert from_elsewhere.status_code == 429
    assert int(from_elsewhere.headers["Retry-After"]) <= 1
    time.sleep(1.2)
    assert _login(http, server, "admin", address="203.0.113.9").status_code == 200


def test_address_blocked_across_usernames(start_server, http):
    server = start_server(
        authorize=True, LOGIN_FAILURES_PER_ADDRESS="4", LOGIN_BLOCK_MAX="30"
    )
    for index in range(4):
        response = http.get(
            f"{server.url}/api/users", headers=basic(f"guess{index}", "wrong")
        )
        assert response.status_code == 401
    response = http.get(f"{server.url}/api/users", headers=basic("admin", "admin"))
    assert response.status_code == 429


def test_forged_forwarded_for_ignored_without_trusted_proxy(start_server, http):
    server = start_server(authorize=True, **FAST_BLOCKS)
    for index in range(4):
        _login(http, server, "wrong", address=f"198.51.100.{index}")
    assert _login(http, server, "wrong", address="203.0.113.1").status_code == 429


def test_counters_shared_between_nodes(start_server, http):
    first = start_server(authorize=True, **FAST_BLOCKS)
    second = ServerProcess(
        first.directory, first.database_url, dict(first.settings)
    ).start()
    try:
        for _ in range(4):
            _login(http, first, "wrong")
        assert _login(http, second, "admin").status_code == 429
    finally:
        second.stop()


def test_throttle_counts_editor_logins_too(start_server, http):
    server = start_server(authorize=True, **FAST_BLOCKS)
    admin = basic("admin", "admin")
    create_user(http, server.url, "eddie", "eddie-password", headers=admin)
    for _ in range(4):
        http.get(f"{server.url}/api/users", headers=basic("eddie", "nope"))
    blocked = http.get(
        f"{server.url}/api/users", headers=basic("eddie", "eddie-password")
    )
    assert blocked.status_code == 429
    assert http.get(f"{server.url}/api/users", headers=admin).status_code == 200
