"""HTTP Basic credentials split at the first colon, so passwords may contain colons."""

from __future__ import annotations

import base64

import pytest

from tests.support.users import (
    assert_error,
    basic,
    create_user,
    list_users,
    post_user,
    session_cookie,
)

ADMIN = basic("admin", "admin")


def latin1_basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode("latin-1"))
    return {"Authorization": "Basic " + token.decode("ascii")}


def test_password_with_colons_logs_in(secured_server, http):
    create_user(http, secured_server.url, "carol", "p:ss:word", "editor", ADMIN)
    header = {"Authorization": "Basic Y2Fyb2w6cDpzczp3b3Jk"}
    response = http.get(f"{secured_server.url}/api/users", headers=header)
    assert response.status_code == 200
    assert session_cookie(response)


@pytest.mark.parametrize("password", ["p", "p:ss", "p:ss:word:", ":p:ss:word"])
def test_password_prefix_or_extension_rejected(secured_server, http, password):
    response = http.get(
        f"{secured_server.url}/api/users", headers=basic("carol", password)
    )
    assert_error(response, 401, "UnauthorizedError")
    assert "set-cookie" not in response.headers


def test_username_with_colon_rejected(secured_server, http):
    before = list_users(http, secured_server.url, ADMIN)
    body = {"id": None, "username": "dave:x", "password": "pw-dave-x", "role": "editor"}
    assert_error(
        post_user(http, secured_server.url, body, ADMIN), 400, "InvalidFormatError"
    )
    assert list_users(http, secured_server.url, ADMIN) == before


def test_rename_to_name_with_colon_rejected(secured_server, http):
    user = create_user(
        http, secured_server.url, "dave", "pw-dave-long", "editor", ADMIN
    )
    renamed = {**user, "username": "dave:x"}
    response = post_user(http, secured_server.url, renamed, ADMIN)
    assert_error(response, 400, "InvalidFormatError")
    login = http.get(
        f"{secured_server.url}/api/users", headers=basic("dave", "pw-dave-long")
    )
    assert login.status_code == 200


def test_latin1_and_utf8_credentials_both_log_in(secured_server, http):
    create_user(http, secured_server.url, "jürgen", "grüße:ß-1", "editor", ADMIN)
    for header in (basic("jürgen", "grüße:ß-1"), latin1_basic("jürgen", "grüße:ß-1")):
        response = http.get(f"{secured_server.url}/api/users", headers=header)
        assert response.status_code == 200
