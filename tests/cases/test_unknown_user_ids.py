"""An update or delete of an id that names no user is not found, never a create."""

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


@pytest.fixture(params=["open_server", "secured_server"])
def server(request):
    return request.getfixturevalue(request.param)


def test_update_of_unknown_id_creates_nothing(server, http):
    before = list_users(http, server.url, ADMIN)
    missing = max(u["id"] for u in before) + 1000
    body = {
        "id": missing,
        "username": "henry",
        "password": "pw-henry-1",
        "role": "editor",
    }
    assert_error(post_user(http, server.url, body, ADMIN), 404, "UserNotFoundError")
    assert list_users(http, server.url, ADMIN) == before
    one = http.get(f"{server.url}/api/users/{missing}", headers=ADMIN)
    assert_error(one, 404, "UserNotFoundError")
    gone = http.delete(f"{server.url}/api/users/{missing}", headers=ADMIN)
    assert_error(gone, 404, "UserNotFoundError")


def test_deleted_user_is_not_resurrected(server, http):
    ivy = create_user(http, server.url, "ivy", "pw-ivy-long", "editor", ADMIN)
    assert (
        http.delete(f"{server.url}/api/users/{ivy['id']}", headers=ADMIN).status_code
        == 204
    )
    update = {**ivy, "password": None}
    assert_error(post_user(http, server.url, update, ADMIN), 404, "UserNotFoundError")
    again = http.delete(f"{server.url}/api/users/{ivy['id']}", headers=ADMIN)
    assert_error(again, 404, "UserNotFoundError")
    assert ivy["id"] not in [u["id"] for u in list_users(http, server.url, ADMIN)]


@pytest.mark.parametrize("user_id", [0, -1, 2**31, 2**63, 10**30])
def test_out_of_range_id_is_not_found(server, http, user_id):
    body = {"id": user_id, "username": "jack", "password": None, "role": "editor"}
    assert_error(post_user(http, server.url, body, ADMIN), 404, "UserNotFoundError")
    deleted = http.delete(f"{server.url}/api/users/{user_id}", headers=ADMIN)
    assert_error(deleted, 404, "UserNotFoundError")


@pytest.mark.parametrize("user_id", ["1", 1.0, True, [1], {"id": 1}])
def test_id_of_wrong_type_is_invalid(server, http, user_id):
    body = {"id": user_id, "username": "admin", "password": None, "role": "editor"}
    assert_error(post_user(http, server.url, body, ADMIN), 400, "InvalidFormatError")
    assert list_users(http, server.url, ADMIN)[0]["role"] == "admin"


@pytest.mark.parametrize("path", ["abc", "1.0", "%201", "1%00", "0x1", "+1"])
def test_delete_with_malformed_id_is_not_found(server, http, path):
    response = http.delete(f"{server.url}/api/users/{path}", headers=ADMIN)
    assert_error(response, 404, "UserNotFoundError")
