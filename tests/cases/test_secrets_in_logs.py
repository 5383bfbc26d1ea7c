"""Passwords, hashes and session tokens never appear in responses or server logs."""

from __future__ import annotations

import base64

from tests.support.users import (
    assert_error,
    basic,
    cookie_header,
    list_users,
    post_user,
    session_cookie,
)

ADMIN = basic("admin", "admin")
PASSWORD = "S3cret-Rosa!"
USER_KEYS = {"id", "username", "password", "role"}


def assert_no_credentials(user: dict) -> None:
    assert set(user) == USER_KEYS
    assert user["password"] is None


def test_secrets_stay_out_of_responses_and_logs(start_server, http):
    server = start_server(authorize=True, LOG_LEVEL="DEBUG")
    body = {"id": None, "username": "rosa", "password": PASSWORD, "role": "editor"}
    created = post_user(http, server.url, body, ADMIN)
    assert created.status_code == 200
    assert_no_credentials(created.json())
    rosa_id = created.json()["id"]

    for user in list_users(http, server.url, ADMIN):
        assert_no_credentials(user)
    one = http.get(f"{server.url}/api/users/{rosa_id}", headers=ADMIN)
    assert_no_credentials(one.json())
    update = {"id": rosa_id, "username": "rosa", "password": None, "role": "editor"}
    assert_no_credentials(post_user(http, server.url, update, ADMIN).json())

    conflict = post_user(http, server.url, body, ADMIN)
    assert (
        PASSWORD
        not in assert_error(conflict, 409, "DuplicateUsernameError")["description"]
    )
    short = {**body, "username": "rosa2", "password": "S3cr!"}
    invalid = assert_error(
        post_user(http, server.url, short, ADMIN), 400, "InvalidFormatError"
    )
    assert "S3cr!" not in invalid["description"]

    login = http.get(f"{server.url}/api/users", headers=basic("rosa", PASSWORD))
    token = session_cookie(login)
    http.get(f"{server.url}/api/users", headers=cookie_header(token))
    wrong = http.get(f"{server.url}/api/users", headers=basic("rosa", PASSWORD + "x"))
    assert PASSWORD not in wrong.text

    server.stop()
    log = server.log_text()
    assert "POST /api/users 200" in log
    encoded = base64.b64encode(f"rosa:{PASSWORD}".encode()).decode()
    for secret in [PASSWORD, encoded, token, "$argon2id$", "S3cr!"]:
        assert secret not in log, f"{secret!r} is in the server log"
