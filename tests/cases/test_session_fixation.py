"""A login always gets a new server-made session; a cookie sent with it never wins."""

from __future__ import annotations

import hashlib

import pytest

from tests.support.sqlite_file import session_hashes
from tests.support.users import (
    assert_error,
    basic,
    cookie_header,
    create_user,
    post_user,
    session_cookie,
)

ADMIN = basic("admin", "admin")
PLANTED = "fixme-000000000000000000000001"


@pytest.fixture
def server(start_server):
    return start_server(authorize=True)


def test_planted_cookie_is_replaced_at_login(server, http):
    headers = {**ADMIN, **cookie_header(PLANTED)}
    response = http.get(f"{server.url}/api/users", headers=headers)
    assert response.status_code == 200
    issued = session_cookie(response)
    assert issued != PLANTED
    # secrets.token_urlsafe(32) gives 43 characters for 256 random bits.
    assert len(issued) >= 43
    planted_hash = hashlib.sha256(PLANTED.encode()).hexdigest()
    assert planted_hash not in session_hashes(server, 1)

    replay = http.get(f"{server.url}/api/users", headers=cookie_header(PLANTED))
    assert_error(replay, 401, "InvalidSessionError")


def test_session_cookie_attributes(server, http):
    response = http.get(f"{server.url}/api/users", headers=ADMIN)
    header = response.headers["Set-Cookie"]
    attributes = {part.strip().split("=")[0].lower() for part in header.split(";")}
    assert "httponly" in attributes
    assert "path" in attributes
    assert "domain" not in attributes
    assert "max-age=0" not in header.lower()
    assert "samesite=lax" in header.lower()


def test_each_login_gets_new_session(server, http):
    tokens = {
        session_cookie(http.get(f"{server.url}/api/sessions/current", headers=ADMIN))
        for _ in range(3)
    }
    assert len(tokens) == 3


def test_header_wins_over_other_users_cookie(server, http):
    create_user(http, server.url, "bob", "pw-bob-long", "editor", ADMIN)
    bob_login = http.get(f"{server.url}/api/users", headers=basic("bob", "pw-bob-long"))
    bob_token = session_cookie(bob_login)

    mixed = {**ADMIN, **cookie_header(bob_token)}
    body = {
        "id": None,
        "username": "carl",
        "password": "pw-carl-long",
        "role": "editor",
    }
    response = post_user(http, server.url, body, mixed)
    assert response.status_code == 200
    assert session_cookie(response) != bob_token

    after = {
        "id": None,
        "username": "dora",
        "password": "pw-dora-long",
        "role": "admin",
    }
    as_bob = cookie_header(bob_token)
    assert_error(
        post_user(http, server.url, after, as_bob), 403, "InsufficientRoleError"
    )


def test_wrong_header_is_not_rescued_by_valid_cookie(server, http):
    login = http.get(f"{server.url}/api/users", headers=ADMIN)
    headers = {
        **basic("admin", "wrong-password"),
        **cookie_header(session_cookie(login)),
    }
    response = http.get(f"{server.url}/api/users", headers=headers)
    assert_error(response, 401, "UnauthorizedError")
    assert "set-cookie" not in response.headers


def test_failed_request_opens_no_session(server, http):
    before = session_hashes(server, 1)
    body = {
        "id": None,
        "username": "bad:name",
        "password": "pw-long-1",
        "role": "editor",
    }
    response = post_user(http, server.url, body, ADMIN)
    assert_error(response, 400, "InvalidFormatError")
    assert "set-cookie" not in response.headers
    assert session_hashes(server, 1) == before
