"""A taken username is a conflict on create and on rename, never a server error."""

from __future__ import annotations

import pytest

from tests.support.users import (
    assert_error,
    basic,
    create_user,
    list_users,
    post_user,
)

ADMIN = basic("admin", "admin")

# Words that would show database or driver text leaking into a description.
DATABASE_WORDS = ("sqlite", "psycopg", "integrity", "unique", "constraint", "insert")


def assert_clean_conflict(response, password: str | None = None) -> None:
    body = assert_error(response, 409, "DuplicateUsernameError")
    description = body["description"].lower()
    for word in DATABASE_WORDS:
        assert word not in description
    if password is not None:
        assert password.lower() not in description


@pytest.mark.parametrize("authorize", [False, True], ids=["open", "secured"])
def test_create_and_rename_conflicts(start_server, http, authorize):
    server = start_server(authorize=authorize)
    bob = create_user(http, server.url, "bob", "pw-bob-first", "editor", ADMIN)
    again = {
        "id": None,
        "username": "bob",
        "password": "pw-bob-second",
        "role": "admin",
    }
    assert_clean_conflict(post_user(http, server.url, again, ADMIN), "pw-bob-second")

    carol = create_user(http, server.url, "carol", "pw-carol-long", "editor", ADMIN)
    onto_bob = {**carol, "username": "bob"}
    assert_clean_conflict(post_user(http, server.url, onto_bob, ADMIN))
    onto_admin = {**carol, "username": "admin"}
    assert_clean_conflict(post_user(http, server.url, onto_admin, ADMIN))

    same_name = post_user(http, server.url, bob, ADMIN)
    assert same_name.status_code == 200
    assert same_name.json() == bob
    assert list_users(http, server.url, ADMIN)[1:] == [bob, carol]


def test_conflicts_keep_first_password(start_server, http):
    server = start_server(authorize=True)
    create_user(http, server.url, "bob", "pw-bob-first", "editor", ADMIN)
    again = {
        "id": None,
        "username": "bob",
        "password": "pw-bob-second",
        "role": "admin",
    }
    assert_clean_conflict(post_user(http, server.url, again, ADMIN))
    first = http.get(f"{server.url}/api/users", headers=basic("bob", "pw-bob-first"))
    assert first.status_code == 200
    second = http.get(f"{server.url}/api/users", headers=basic("bob", "pw-bob-second"))
    assert_error(second, 401, "UnauthorizedError")


def test_rename_to_own_name_in_other_case(open_server, http):
    user = create_user(http, open_server.url, "erin", "pw-erin-long")
    response = post_user(http, open_server.url, {**user, "username": "Erin"})
    assert response.status_code == 200
    assert response.json()["username"] == "Erin"
