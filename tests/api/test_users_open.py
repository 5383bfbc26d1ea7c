"""The users API with authorization off: every client acts as admin."""

from __future__ import annotations

import pytest

from tests.support.users import create_user, unique_name


def test_version_is_api_level_string(open_server, http):
    response = http.get(f"{open_server.url}/api/version")
    assert response.status_code == 200
    assert response.json().split(".")[:2] == ["0", "30"]


def test_list_starts_with_seeded_admin(start_server, http):
    server = start_server()
    response = http.get(f"{server.url}/api/users")
    assert response.status_code == 200
    assert response.json() == [
        {"id": 1, "username": "admin", "password": None, "role": "admin"}
    ]


def test_create_returns_user_without_password(open_server, http):
    name = unique_name("ann")
    user = create_user(http, open_server.url, name, "password-1")
    assert user["username"] == name
    assert user["password"] is None
    assert user["role"] == "editor"
    assert isinstance(user["id"], int)
    assert set(user) == {"id", "username", "password", "role"}


def test_get_one_and_list_agree(open_server, http):
    user = create_user(http, open_server.url, unique_name("bea"), "password-1")
    one = http.get(f"{open_server.url}/api/users/{user['id']}")
    assert one.status_code == 200
    assert one.json() == user
    listed = http.get(f"{open_server.url}/api/users").json()
    assert user in listed
    assert [u["id"] for u in listed] == sorted(u["id"] for u in listed)


def test_update_keeps_password_when_null(start_server, http):
    server = start_server()
    user = create_user(http, server.url, "grace", "pw-g-1-long")
    body = {"id": user["id"], "username": "grace", "password": None, "role": "admin"}
    response = http.post(f"{server.url}/api/users", json=body)
    assert response.status_code == 200
    assert response.json() == {**body, "password": None}


def test_delete_removes_user(open_server, http):
    user = create_user(http, open_server.url, unique_name("cal"), "password-1")
    response = http.delete(f"{open_server.url}/api/users/{user['id']}")
    assert response.status_code == 204
    again = http.get(f"{open_server.url}/api/users/{user['id']}")
    assert again.status_code == 404
    assert again.json()["title"] == "UserNotFoundError"


@pytest.mark.parametrize(
    "path",
    [
        "/api/users/abc",
        "/api/users/0",
        "/api/users/-1",
        "/api/users/99999999999999999999",
        "/api/users/%C3%A9",
        "/api/users/1.5",
    ],
)
def test_get_malformed_id_is_not_found(open_server, http, path):
    response = http.get(open_server.url + path)
    assert response.status_code == 404
    assert response.json()["title"] == "UserNotFoundError"


def test_ids_are_not_reused_after_delete(start_server, http):
    server = start_server()
    first = create_user(http, server.url, "ivy", "password-1")
    http.delete(f"{server.url}/api/users/{first['id']}")
    second = create_user(http, server.url, "ivy", "password-1")
    assert second["id"] > first["id"]
    server.restart()
    third = create_user(http, server.url, "jim", "password-1")
    assert third["id"] > second["id"]
