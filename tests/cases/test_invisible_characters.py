"""Usernames with surrounding white space, control or invisible characters are rejected.

No silent rewriting: such a name is an InvalidFormatError on create and on
rename, so no second account can look like an existing one.
"""

from __future__ import annotations

import pytest

from tests.support.users import (
    assert_error,
    basic,
    create_user,
    list_users,
    post_user,
    unique_name,
)

ADMIN = basic("admin", "admin")

INVALID_NAMES = [
    " alice",
    "alice ",
    "\talice",
    "alice\n",
    "\u00a0alice",  # no-break space
    "alice\u3000",  # ideographic space
    "al\u200bice",  # zero-width space
    "al\u200dice",  # zero-width joiner
    "\u202ealice",  # right-to-left override
    "alice\ufeff",  # byte order mark
    "al\u00adice",  # soft hyphen
    "a\u0000lice",
    "a\u007flice",
    "a\u0085lice",
    "",
    "   ",
    "x" * 65,
]


@pytest.fixture(params=["open_server", "secured_server"])
def server(request, http):
    """A shared server, with authorization off or on, where alice exists."""
    server = request.getfixturevalue(request.param)
    alice = {"id": None, "username": "alice", "password": "pw-alice-long"}
    response = post_user(http, server.url, {**alice, "role": "editor"}, ADMIN)
    assert response.status_code in (200, 409)
    return server


@pytest.mark.parametrize("username", INVALID_NAMES)
def test_create_with_invalid_name(server, http, username):
    before = list_users(http, server.url, ADMIN)
    body = {"id": None, "username": username, "password": "pw-long-1", "role": "editor"}
    response = post_user(http, server.url, body, ADMIN)
    assert_error(response, 400, "InvalidFormatError")
    assert list_users(http, server.url, ADMIN) == before


@pytest.mark.parametrize("username", INVALID_NAMES)
def test_rename_to_invalid_name(server, http, username):
    user = create_user(
        http, server.url, unique_name("rename"), "pw-long-1", "editor", ADMIN
    )
    response = post_user(http, server.url, {**user, "username": username}, ADMIN)
    assert_error(response, 400, "InvalidFormatError")
    current = http.get(f"{server.url}/api/users/{user['id']}", headers=ADMIN)
    assert current.json() == user


def test_no_second_alice(server, http):
    names = [u["username"] for u in list_users(http, server.url, ADMIN)]
    assert [n for n in names if "alice" in n.casefold()] == ["alice"]


@pytest.mark.parametrize("username", ["a", "x" * 64, "mid dle", "o'neil", "ann.lee"])
def test_valid_name_edges_accepted(server, http, username):
    body = {"id": None, "username": username, "password": "pw-long-1", "role": "editor"}
    response = post_user(http, server.url, body, ADMIN)
    assert response.status_code == 200, response.text
    assert response.json()["username"] == username
