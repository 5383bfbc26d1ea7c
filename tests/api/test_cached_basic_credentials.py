"""Basic credentials reused from the cache, across two servers on one database.

Two server processes on one SQLite file are two nodes: a change acknowledged
by one must hold on the other at once, even for credentials it has cached.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.support.users import basic, create_user, unique_name

ADMIN = basic("admin", "admin")


@pytest.fixture
def nodes(start_server, tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    node_a = start_server(authorize=True, database_url=url)
    node_b = start_server(authorize=True, database_url=url)
    return node_a, node_b


def _cache_on(http, node, username: str, password: str) -> None:
    """Log in twice without a cookie, and check that the second login was a
    cache hit: while the user has a session, a hit opens no new one."""
    first = http.get(f"{node.url}/api/users", headers=basic(username, password))
    assert first.status_code == 200
    assert "session_id" in first.cookies
    second = http.get(f"{node.url}/api/users", headers=basic(username, password))
    assert second.status_code == 200
    assert "session_id" not in second.cookies


def test_password_change_ends_cached_login_on_other_node(nodes, http):
    node_a, node_b = nodes
    name = unique_name("pat")
    user = create_user(http, node_a.url, name, "old-password-1", headers=ADMIN)
    _cache_on(http, node_b, name, "old-password-1")

    change = {**user, "password": "new-password-2"}
    changed = http.post(f"{node_a.url}/api/users", json=change, headers=ADMIN)
    assert changed.status_code == 200

    old = http.get(f"{node_b.url}/api/users", headers=basic(name, "old-password-1"))
    assert old.status_code == 401
    assert old.json()["title"] == "UnauthorizedError"
    new = http.get(f"{node_b.url}/api/users", headers=basic(name, "new-password-2"))
    assert new.status_code == 200


def test_delete_ends_cached_login_on_other_node(nodes, http):
    node_a, node_b = nodes
    name = unique_name("dan")
    user = create_user(http, node_a.url, name, "password-d-1", headers=ADMIN)
    _cache_on(http, node_b, name, "password-d-1")

    deleted = http.delete(f"{node_a.url}/api/users/{user['id']}", headers=ADMIN)
    assert deleted.status_code == 204

    again = http.get(f"{node_b.url}/api/users", headers=basic(name, "password-d-1"))
    assert again.status_code == 401
    assert again.json()["title"] == "UnauthorizedError"


def test_rename_ends_cached_login_on_other_node(nodes, http):
    node_a, node_b = nodes
    name = unique_name("ren")
    user = create_user(http, node_a.url, name, "password-r-1", headers=ADMIN)
    _cache_on(http, node_b, name, "password-r-1")

    renamed = {**user, "username": name + "-new"}
    response = http.post(f"{node_a.url}/api/users", json=renamed, headers=ADMIN)
    assert response.status_code == 200

    old = http.get(f"{node_b.url}/api/users", headers=basic(name, "password-r-1"))
    assert old.status_code == 401
    new_name = basic(name + "-new", "password-r-1")
    assert http.get(f"{node_b.url}/api/users", headers=new_name).status_code == 200


def test_role_change_applies_to_cached_login(nodes, http):
    node_a, node_b = nodes
    name = unique_name("rob")
    user = create_user(
        http, node_a.url, name, "password-o-1", role="admin", headers=ADMIN
    )
    _cache_on(http, node_b, name, "password-o-1")

    demoted = {**user, "role": "editor"}
    response = http.post(f"{node_a.url}/api/users", json=demoted, headers=ADMIN)
    assert response.status_code == 200

    body = {"id": None, "username": unique_name("x"), "password": "password-x-1"}
    create = http.post(
        f"{node_b.url}/api/users",
        json={**body, "role": "editor"},
        headers=basic(name, "password-o-1"),
    )
    assert create.status_code == 403
    assert create.json()["title"] == "InsufficientRoleError"


def test_cached_login_with_cookie_gets_new_session(nodes, http):
    node_a, _ = nodes
    name = unique_name("kay")
    create_user(http, node_a.url, name, "password-k-1", headers=ADMIN)
    _cache_on(http, node_a, name, "password-k-1")

    planted = {"session_id": "planted-by-someone-else"}
    response = http.get(
        f"{node_a.url}/api/users",
        headers=basic(name, "password-k-1"),
        cookies=planted,
    )
    assert response.status_code == 200
    assert response.cookies.get("session_id")
    assert response.cookies["session_id"] != planted["session_id"]


def test_wrong_password_never_served_from_cache(nodes, http):
    node_a, _ = nodes
    name = unique_name("wes")
    create_user(http, node_a.url, name, "password-w-1", headers=ADMIN)
    _cache_on(http, node_a, name, "password-w-1")

    wrong = http.get(f"{node_a.url}/api/users", headers=basic(name, "password-w-2"))
    assert wrong.status_code == 401


def test_cached_login_after_sessions_end_gets_new_session(start_server, http):
    node = start_server(authorize=True)
    name = unique_name("sia")
    user = create_user(http, node.url, name, "password-s-1", headers=ADMIN)
    _cache_on(http, node, name, "password-s-1")
    ended = http.delete(f"{node.url}/api/users/{user['id']}/sessions", headers=ADMIN)
    assert ended.status_code == 204
    again = http.get(f"{node.url}/api/users", headers=basic(name, "password-s-1"))
    assert again.status_code == 200
    assert "session_id" in again.cookies


def test_login_burst_opens_one_session(start_server):
    node = start_server(authorize=True)
    name = unique_name("bur")
    with requests.Session() as admin:
        user = create_user(admin, node.url, name, "password-b-1", headers=ADMIN)
    start = threading.Barrier(12)

    def login(_: int) -> requests.Response:
        start.wait()
        return requests.get(
            f"{node.url}/api/users/{user['id']}",
            headers=basic(name, "password-b-1"),
            timeout=30,
        )

    with ThreadPoolExecutor(12) as pool:
        responses = list(pool.map(login, range(12)))
    assert [response.status_code for response in responses] == [200] * 12
    assert sum("session_id" in response.cookies for response in responses) == 1
    listed = requests.get(
        f"{node.url}/api/users/{user['id']}/sessions", headers=ADMIN, timeout=10
    )
    assert len(listed.json()) == 1
