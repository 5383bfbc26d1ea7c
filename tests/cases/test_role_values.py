"""Roles are exactly "admin" or "editor"; other spellings are rejected, never stored."""

from __future__ import annotations

import pytest

from tests.support.sqlite_file import stored_roles
from tests.support.users import (
    assert_error,
    basic,
    create_user,
    list_users,
    post_user,
)

ADMIN = basic("admin", "admin")

INVALID_ROLES = [
    "Admin",
    "ADMIN",
    " admin",
    "admin ",
    "Editor",
    "administrator",
    "superuser",
    "",
    1,
    True,
    ["admin"],
    {"role": "admin"},
    "adm\u0131n",  # dotless i
    "\uff41dmin",  # full-width a
]


@pytest.fixture(params=["open_server", "secured_server"])
def server(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("role", INVALID_ROLES)
def test_create_with_invalid_role(server, http, role):
    before = list_users(http, server.url, ADMIN)
    body = {"id": None, "username": "sam", "password": "pw-sam-long", "role": role}
    assert_error(post_user(http, server.url, body, ADMIN), 400, "InvalidFormatError")
    assert list_users(http, server.url, ADMIN) == before


@pytest.mark.parametrize("role", INVALID_ROLES)
def test_update_with_invalid_role(server, http, role):
    body = {"id": 1, "username": "admin", "password": None, "role": role}
    assert_error(post_user(http, server.url, body, ADMIN), 400, "InvalidFormatError")
    assert stored_roles(server)[0] == "admin"


def test_stored_and_returned_roles_are_canonical(server, http):
    create_user(http, server.url, "tess", "pw-tess-long", "admin", ADMIN)
    create_user(http, server.url, "uma", "pw-uma-long", "editor", ADMIN)
    returned = {u["role"] for u in list_users(http, server.url, ADMIN)}
    assert returned == {"admin", "editor"}
    assert set(stored_roles(server)) == {"admin", "editor"}
