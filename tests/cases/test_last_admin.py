"""At least one admin exists after every delete, demotion and race."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.support.sqlite_file import stored_roles
from tests.support.users import (
    assert_error,
    basic,
    cookie_header,
    create_user,
    list_users,
    post_user,
    session_cookie,
)

ADMIN = basic("admin", "admin")
MODES = pytest.mark.parametrize("authorize", [False, True], ids=["open", "secured"])


def seeded_admin(http, server) -> dict:
    users = list_users(http, server.url, ADMIN)
    assert len(users) == 1
    assert users[0]["role"] == "admin"
    return users[0]


@MODES
def test_delete_only_admin_rejected(start_server, http, authorize):
    server = start_server(authorize=authorize)
    admin = seeded_admin(http, server)
    response = http.delete(f"{server.url}/api/users/{admin['id']}", headers=ADMIN)
    assert_error(response, 409, "AdminMustExistError")
    assert list_users(http, server.url, ADMIN) == [admin]


@MODES
def test_editors_do_not_count_as_admins(start_server, http, authorize):
    server = start_server(authorize=authorize)
    admin = seeded_admin(http, server)
    create_user(http, server.url, "bob", "pw-bob-long", "editor", ADMIN)
    response = http.delete(f"{server.url}/api/users/{admin['id']}", headers=ADMIN)
    assert_error(response, 409, "AdminMustExistError")
    demote = {**admin, "role": "editor"}
    assert_error(post_user(http, server.url, demote, ADMIN), 409, "AdminMustExistError")
    assert stored_roles(server) == ["admin", "editor"]


@MODES
def test_demote_only_admin_rejected(start_server, http, authorize):
    server = start_server(authorize=authorize)
    admin = seeded_admin(http, server)
    body = {"id": admin["id"], "username": "admin", "password": None, "role": "editor"}
    assert_error(post_user(http, server.url, body, ADMIN), 409, "AdminMustExistError")
    current = http.get(f"{server.url}/api/users/{admin['id']}", headers=ADMIN)
    assert current.json()["role"] == "admin"


@MODES
def test_rename_only_admin_keeps_role(start_server, http, authorize):
    server = start_server(authorize=authorize)
    admin = seeded_admin(http, server)
    body = {"id": admin["id"], "username": "root", "password": None, "role": "admin"}
    response = post_user(http, server.url, body, ADMIN)
    assert response.status_code == 200, response.text
    assert response.json() == body
    as_root = basic("root", "admin")
    assert list_users(http, server.url, as_root) == [body]


@MODES
def test_delete_admin_when_another_remains(start_server, http, authorize):
    server = start_server(authorize=authorize)
    admin = seeded_admin(http, server)
    carol = create_user(http, server.url, "carol", "pw-carol-long", "admin", ADMIN)
    response = http.delete(f"{server.url}/api/users/{admin['id']}", headers=ADMIN)
    assert response.status_code == 204
    as_carol = basic("carol", "pw-carol-long")
    gone = http.get(f"{server.url}/api/users/{admin['id']}", headers=as_carol)
    assert_error(gone, 404, "UserNotFoundError")
    assert list_users(http, server.url, as_carol) == [carol]


def test_self_demotion_applies_to_same_session(start_server, http):
    server = start_server(authorize=True)
    alice = create_user(http, server.url, "alice", "pw-alice-long", "admin", ADMIN)
    login = http.get(f"{server.url}/api/users", headers=basic("alice", "pw-alice-long"))
    as_alice = cookie_header(session_cookie(login))
    demote = {**alice, "role": "editor"}
    response = post_user(http, server.url, demote, as_alice)
    assert response.status_code == 200, response.text
    again = post_user(http, server.url, {**alice, "role": "admin"}, as_alice)
    assert_error(again, 403, "InsufficientRoleError")
    assert stored_roles(server) == ["admin", "editor"]


def test_last_admin_cannot_delete_itself_by_session(start_server, http):
    server = start_server(authorize=True)
    login = http.get(f"{server.url}/api/users", headers=ADMIN)
    as_admin = cookie_header(session_cookie(login))
    response = http.delete(f"{server.url}/api/users/1", headers=as_admin)
    assert_error(response, 409, "AdminMustExistError")
    assert http.get(f"{server.url}/api/users", headers=as_admin).status_code == 200


@pytest.mark.parametrize("change", ["delete", "demote"])
def test_concurrent_removals_keep_one_admin(start_server, http, change):
    server = start_server()
    admins = [seeded_admin(http, server)]
    admins += [
        create_user(http, server.url, f"admin{n}", "pw-admin-long", "admin")
        for n in range(1, 4)
    ]

    # Each thread sends with its own connection: requests.Session is not
    # documented as safe to share between threads.
    def remove(user: dict) -> int:
        if change == "delete":
            url = f"{server.url}/api/users/{user['id']}"
            return requests.delete(url, timeout=30).status_code
        demoted = {**user, "role": "editor"}
        url = f"{server.url}/api/users"
        return requests.post(url, json=demoted, timeout=30).status_code

    with ThreadPoolExecutor(len(admins)) as pool:
        statuses = sorted(pool.map(remove, admins))
    assert statuses.count(409) == 1
    assert [s for s in statuses if s != 409] == [204 if change == "delete" else 200] * 3
    assert stored_roles(server).count("admin") == 1
