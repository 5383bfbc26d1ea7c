"""An update with "password": null keeps the stored password and the sessions."""

from __future__ import annotations

import pytest

from tests.support.sqlite_file import session_hashes, stored_password_hash
from tests.support.users import (
    assert_error,
    basic,
    cookie_header,
    create_user,
    post_user,
    session_cookie,
)

ADMIN = basic("admin", "admin")


def test_null_password_keeps_login(start_server, http):
    server = start_server(authorize=True)
    grace = create_user(http, server.url, "grace", "pw-grace-1", "editor", ADMIN)
    body = {"id": grace["id"], "username": "grace", "password": None, "role": "admin"}
    response = post_user(http, server.url, body, ADMIN)
    assert response.status_code == 200
    assert response.json() == body

    login = http.get(f"{server.url}/api/users", headers=basic("grace", "pw-grace-1"))
    assert login.status_code == 200
    for guess in ["", "None", "null"]:
        wrong = http.get(f"{server.url}/api/users", headers=basic("grace", guess))
        assert_error(wrong, 401, "UnauthorizedError")

    renamed = {**body, "username": "grace2"}
    assert post_user(http, server.url, renamed, ADMIN).status_code == 200
    new_name = http.get(
        f"{server.url}/api/users", headers=basic("grace2", "pw-grace-1")
    )
    assert new_name.status_code == 200
    old_name = http.get(f"{server.url}/api/users", headers=basic("grace", "pw-grace-1"))
    assert_error(old_name, 401, "UnauthorizedError")


@pytest.mark.parametrize("authorize", [False, True], ids=["open", "secured"])
def test_null_password_keeps_stored_hash(start_server, http, authorize):
    server = start_server(authorize=authorize)
    user = create_user(http, server.url, "hank", "pw-hank-long", "editor", ADMIN)
    before = stored_password_hash(server, user["id"])
    for change in [{"role": "admin"}, {"username": "hank2"}, {"role": "editor"}]:
        response = post_user(http, server.url, {**user, **change}, ADMIN)
        assert response.status_code == 200
    assert stored_password_hash(server, user["id"]) == before


def test_null_password_keeps_sessions(start_server, http):
    server = start_server(authorize=True)
    user = create_user(http, server.url, "ines", "pw-ines-long", "editor", ADMIN)
    login = http.get(f"{server.url}/api/users", headers=basic("ines", "pw-ines-long"))
    as_ines = cookie_header(session_cookie(login))
    post_user(http, server.url, {**user, "username": "ines2"}, ADMIN)
    assert http.get(f"{server.url}/api/users", headers=as_ines).status_code == 200

    changed = {**user, "username": "ines2", "password": "pw-ines-new"}
    assert post_user(http, server.url, changed, ADMIN).status_code == 200
    assert session_hashes(server, user["id"]) == []
    ended = http.get(f"{server.url}/api/users", headers=as_ines)
    assert_error(ended, 401, "InvalidSessionError")


def test_own_password_change_keeps_own_session(start_server, http):
    server = start_server(authorize=True)
    first = http.get(f"{server.url}/api/sessions/current", headers=ADMIN)
    second = http.get(f"{server.url}/api/sessions/current", headers=ADMIN)
    mine = cookie_header(session_cookie(first))
    other = cookie_header(session_cookie(second))
    body = {"id": 1, "username": "admin", "password": "pw-admin-new", "role": "admin"}
    assert post_user(http, server.url, body, mine).status_code == 200
    assert http.get(f"{server.url}/api/users", headers=mine).status_code == 200
    ended = http.get(f"{server.url}/api/users", headers=other)
    assert_error(ended, 401, "InvalidSessionError")
    old = http.get(f"{server.url}/api/users", headers=ADMIN)
    assert_error(old, 401, "UnauthorizedError")
