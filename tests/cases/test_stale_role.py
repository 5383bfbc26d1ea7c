"""A role change applies to the user's live sessions at the next request."""

from __future__ import annotations

from tests.support.users import (
    assert_error,
    basic,
    cookie_header,
    create_user,
    list_users,
    post_user,
    session_cookie,
)

ADMIN = basic("admin", "admin")


def log_in(http, server, username: str, password: str) -> dict[str, str]:
    response = http.get(f"{server.url}/api/users", headers=basic(username, password))
    return cookie_header(session_cookie(response))


def test_demoted_session_loses_admin_rights(start_server, http):
    server = start_server(authorize=True)
    leo = create_user(http, server.url, "leo", "pw-leo-long", "admin", ADMIN)
    as_leo = log_in(http, server, "leo", "pw-leo-long")
    tmp = create_user(http, server.url, "tmp1", "pw-tmp-long", "editor", as_leo)

    demote = {**leo, "role": "editor"}
    assert post_user(http, server.url, demote, ADMIN).status_code == 200

    backdoor = {
        "id": None,
        "username": "leo-backdoor",
        "password": "pw-x-long",
        "role": "admin",
    }
    assert_error(
        post_user(http, server.url, backdoor, as_leo), 403, "InsufficientRoleError"
    )
    deleted = http.delete(f"{server.url}/api/users/{tmp['id']}", headers=as_leo)
    assert_error(deleted, 403, "InsufficientRoleError")
    promote_self = {**leo, "role": "admin"}
    assert_error(
        post_user(http, server.url, promote_self, as_leo), 403, "InsufficientRoleError"
    )

    names = [u["username"] for u in list_users(http, server.url, as_leo)]
    assert names == ["admin", "leo", "tmp1"]


def test_promoted_session_gains_admin_rights(start_server, http):
    server = start_server(authorize=True)
    mia = create_user(http, server.url, "mia", "pw-mia-long", "editor", ADMIN)
    as_mia = log_in(http, server, "mia", "pw-mia-long")
    body = {"id": None, "username": "nia", "password": "pw-nia-long", "role": "editor"}
    assert_error(
        post_user(http, server.url, body, as_mia), 403, "InsufficientRoleError"
    )

    promote = {**mia, "role": "admin"}
    assert post_user(http, server.url, promote, ADMIN).status_code == 200
    assert post_user(http, server.url, body, as_mia).status_code == 200
