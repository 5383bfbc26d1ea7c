"""Empty passwords are rejected on create, on update and at login."""

from __future__ import annotations

import pytest

from tests.support.users import assert_error, basic, list_users, post_user

ADMIN = basic("admin", "admin")


@pytest.mark.parametrize(
    "body",
    [
        {"id": None, "username": "frank", "password": "", "role": "editor"},
        {"id": None, "username": "frank", "password": None, "role": "editor"},
        {"id": None, "username": "frank", "role": "editor"},
        {"username": "frank", "password": "", "role": "editor"},
    ],
    ids=["empty", "null", "missing", "missing-id-empty"],
)
@pytest.mark.parametrize("server_name", ["open_server", "secured_server"])
def test_create_without_password_rejected(request, http, server_name, body):
    server = request.getfixturevalue(server_name)
    response = post_user(http, server.url, body, ADMIN)
    assert_error(response, 400, "InvalidFormatError")
    names = [u["username"] for u in list_users(http, server.url, ADMIN)]
    assert "frank" not in names


def test_update_to_empty_password_rejected(secured_server, http):
    body = {"id": 1, "username": "admin", "password": "", "role": "admin"}
    assert_error(
        post_user(http, secured_server.url, body, ADMIN), 400, "InvalidFormatError"
    )
    response = http.get(f"{secured_server.url}/api/users", headers=ADMIN)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "token",
    ["YWRtaW46", "Og==", "OmFkbWlu"],
    ids=["admin-empty", "both-empty", "no-user"],
)
def test_empty_credentials_rejected_at_login(secured_server, http, token):
    header = {"Authorization": f"Basic {token}"}
    response = http.get(f"{secured_server.url}/api/users", headers=header)
    assert_error(response, 401, "UnauthorizedError")
