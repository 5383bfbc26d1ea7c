"""Two server processes on one database act as one service."""

from __future__ import annotations

import unicodedata
from functools import partial

import pytest
import requests

from tests.support.concurrent import at_once
from tests.support.server import ServerProcess
from tests.support.users import basic, create_user, session_cookie

# Cheap hashing keeps the many logins of these tests fast.
FAST_HASHING = {
    "ARGON2_TIME_COST": "1",
    "ARGON2_MEMORY_COST": "1024",
    "DATABASE_POOL_SIZE": "4",
}
ADMIN = basic("admin", "admin")
ROUNDS = 12


@pytest.fixture(scope="module")
def secured_nodes(tmp_path_factory, make_database) -> list[ServerProcess]:
    """Two servers with authorization on, sharing one database."""
    yield from _start_nodes(tmp_path_factory, make_database, authorize=True)


@pytest.fixture(scope="module")
def open_nodes(tmp_path_factory, make_database) -> list[ServerProcess]:
    """Two servers with authorization off, sharing one database."""
    yield from _start_nodes(tmp_path_factory, make_database, authorize=False)


def _start_nodes(tmp_path_factory, make_database, authorize: bool):
    directory = tmp_path_factory.mktemp("nodes")
    url = make_database(directory)
    env = {**FAST_HASHING, "AUTHORIZE_CLIENTS": str(authorize).lower()}
    nodes = [ServerProcess(directory, url, env) for _ in range(2)]
    try:
        for node in nodes:
            node.start()
        yield nodes
    finally:
        for node in nodes:
            node.stop()


def _login(node: ServerProcess, username: str, password: str) -> str:
    response = requests.get(
        f"{node.url}/api/users", headers=basic(username, password), timeout=30
    )
    assert response.status_code == 200, response.text
    return session_cookie(response)


def _get_users(node: ServerProcess, cookie: str) -> requests.Response:
    return requests.get(
        f"{node.url}/api/users", cookies={"session_id": cookie}, timeout=30
    )


def _post_user(node: ServerProcess, body: dict) -> requests.Response:
    return requests.post(f"{node.url}/api/users", json=body, timeout=30)


def _delete_user(node: ServerProcess, user_id: int) -> requests.Response:
    return requests.delete(f"{node.url}/api/users/{user_id}", timeout=30)


def test_session_from_one_node_works_on_other(secured_nodes):
    first, second = secured_nodes
    cookie = _login(first, "admin", "admin")
    response = _get_users(second, cookie)
    assert response.status_code == 200
    assert "session_id" not in response.cookies


def test_delete_ends_sessions_on_other_node(secured_nodes):
    first, second = secured_nodes
    user = create_user(
        requests.Session(), first.url, "dora", "dora-pass-1", headers=ADMIN
    )
    cookie = _login(second, "dora", "dora-pass-1")
    assert _get_users(second, cookie).status_code == 200

    deleted = requests.delete(
        f"{first.url}/api/users/{user['id']}", headers=ADMIN, timeout=30
    )
    assert deleted.status_code == 204
    response = _get_users(second, cookie)
    assert response.status_code == 401
    assert response.json()["title"] == "InvalidSessionError"


def test_password_change_ends_sessions_on_other_node(secured_nodes):
    first, second = secured_nodes
    user = create_user(
        requests.Session(), first.url, "emil", "emil-pass-1", headers=ADMIN
    )
    cookie = _login(second, "emil", "emil-pass-1")
    body = {**user, "password": "emil-pass-2"}

    changed = requests.post(
        f"{first.url}/api/users", json=body, headers=ADMIN, timeout=30
    )
    assert changed.status_code == 200
    response = _get_users(second, cookie)
    assert response.status_code == 401
    assert response.json()["title"] == "InvalidSessionError"
    old = requests.get(
        f"{second.url}/api/users", headers=basic("emil", "emil-pass-1"), timeout=30
    )
    assert old.status_code == 401
    assert _login(second, "emil", "emil-pass-2")


def _admin_ids(node: ServerProcess) -> list[int]:
    users = requests.get(f"{node.url}/api/users", timeout=30).json()
    return [user["id"] for user in users if user["role"] == "admin"]


def _make_admin(node: ServerProcess, name: str) -> int:
    body = {"id": None, "username": name, "password": "admin-pass", "role": "admin"}
    response = _post_user(node, body)
    assert response.status_code == 200, response.text
    return response.json()["id"]


def _demote(node: ServerProcess, user_id: int) -> requests.Response:
    current = requests.get(f"{node.url}/api/users/{user_id}", timeout=30).json()
    return _post_user(node, {**current, "role": "editor"})


def test_last_admin_holds_across_nodes(open_nodes):
    first, second = open_nodes
    for round_number in range(ROUNDS):
        admins = _admin_ids(first)
        if len(admins) < 2:
            admins.append(_make_admin(first, f"boss{round_number}"))
        keep, other = admins[-2], admins[-1]
        # Each node removes a different one of the last two admins at once.
        if round_number % 2:
            responses = at_once(
                partial(_delete_user, first, keep), partial(_demote, second, other)
            )
        else:
            responses = at_once(
                partial(_demote, first, keep), partial(_delete_user, second, other)
            )
        statuses = tuple(sorted(r.status_code for r in responses))
        assert statuses in {(200, 409), (204, 409)}, [r.text for r in responses]
        refused = next(r for r in responses if r.status_code == 409)
        assert refused.json()["title"] == "AdminMustExistError"
        assert len(_admin_ids(second)) == 1


def test_unique_usernames_across_nodes(open_nodes):
    first, second = open_nodes
    for round_number in range(ROUNDS):
        # ASCII, upper case and full-width spellings share one username key.
        names = [f"nina{round_number}", f"NINA{round_number}"]
        if round_number % 3 == 2:
            names[1] = "\uff2e\uff29\uff2e\uff21" + str(round_number)
        bodies = [
            {"id": None, "username": name, "password": "nina-pass", "role": "editor"}
            for name in names
        ]
        responses = at_once(
            partial(_post_user, first, bodies[0]),
            partial(_post_user, second, bodies[1]),
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 409], [r.text for r in responses]
        refused = next(r for r in responses if r.status_code == 409)
        assert refused.json()["title"] == "DuplicateUsernameError"
        listed = requests.get(f"{second.url}/api/users", timeout=30).json()
        matching = [u for u in listed if _key(u["username"]) == _key(names[0])]
        assert len(matching) == 1


def test_renames_to_same_name_across_nodes(open_nodes):
    first, second = open_nodes
    for round_number in range(ROUNDS):
        users = [
            create_user(
                requests.Session(), first.url, f"r{round_number}x{i}", "pw-r-1234"
            )
            for i in range(2)
        ]
        target = f"Rita{round_number}"
        bodies = [
            {**users[0], "username": target},
            {**users[1], "username": target.lower()},
        ]
        responses = at_once(
            partial(_post_user, first, bodies[0]),
            partial(_post_user, second, bodies[1]),
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200, 409], [r.text for r in responses]
        listed = requests.get(f"{first.url}/api/users", timeout=30).json()
        renamed = [u for u in listed if _key(u["username"]) == _key(target)]
        assert len(renamed) == 1


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()
