"""Session lifetime, revocation and the session endpoints."""

from __future__ import annotations

import time

from tests.support.users import basic, create_user, session_cookie

ADMIN = basic("admin", "admin")


def _cookie(token: str) -> dict[str, str]:
    return {"Cookie": f"session_id={token}"}


def _login(http, server, headers=ADMIN) -> str:
    response = http.get(f"{server.url}/api/sessions/current", headers=headers)
    assert response.status_code == 200
    return session_cookie(response)


def _status(http, server, token: str, path: str = "/api/users") -> tuple[int, str]:
    response = http.get(server.url + path, headers=_cookie(token))
    title = response.json().get("title", "") if response.status_code >= 400 else ""
    return response.status_code, title


def test_cookie_attributes_are_safe(secured_server, http):
    response = http.get(f"{secured_server.url}/api/sessions/current", headers=ADMIN)
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header
    assert "Path=/" in header
    assert "SameSite=Lax" in header
    assert "Domain" not in header
    assert "Secure" not in header
    assert len(session_cookie(response)) >= 43


def test_each_login_gets_new_session(secured_server, http):
    first = _login(http, secured_server)
    second = _login(http, secured_server)
    assert first != second
    assert _status(http, secured_server, first) == (200, "")
    assert _status(http, secured_server, second) == (200, "")


def test_current_session_names_caller(secured_server, http):
    token = _login(http, secured_server)
    response = http.get(
        f"{secured_server.url}/api/sessions/current", headers=_cookie(token)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["username"] == "admin"
    assert body["user"]["password"] is None
    assert body["role"] == "admin"
    assert body["authorize_clients"] is True


def test_current_session_without_authorization(open_server, http):
    response = http.get(f"{open_server.url}/api/sessions/current")
    assert response.status_code == 200
    assert response.json() == {
        "user": None,
        "role": "admin",
        "authorize_clients": False,
    }


def test_logout_ends_session_and_clears_cookie(secured_server, http):
    token = _login(http, secured_server)
    response = http.delete(
        f"{secured_server.url}/api/sessions/current", headers=_cookie(token)
    )
    assert response.status_code == 204
    assert "session_id=; Max-Age=0" in response.headers["Set-Cookie"]
    assert _status(http, secured_server, token) == (401, "InvalidSessionError")


def test_logout_with_basic_opens_no_session(secured_server, http):
    response = http.delete(f"{secured_server.url}/api/sessions/current", headers=ADMIN)
    assert response.status_code == 204
    assert "session_id=; Max-Age=0" in response.headers["Set-Cookie"]
    assert len(response.raw.headers.getlist("Set-Cookie")) == 1


def test_user_lists_own_sessions_only(start_server, http):
    server = start_server(authorize=True)
    editor = create_user(http, server.url, "ed", "ed-password", headers=ADMIN)
    token = _login(http, server, basic("ed", "ed-password"))
    own = http.get(
        f"{server.url}/api/users/{editor['id']}/sessions", headers=_cookie(token)
    )
    assert own.status_code == 200
    assert [s["current"] for s in own.json()] == [True]
    assert set(own.json()[0]) == {"id", "created_at", "last_used_at", "current"}
    other = http.get(f"{server.url}/api/users/1/sessions", headers=_cookie(token))
    assert other.status_code == 403
    assert other.json()["title"] == "InsufficientRoleError"


def test_session_listing_never_shows_token(start_server, http):
    server = start_server(authorize=True)
    token = _login(http, server)
    listed = http.get(f"{server.url}/api/users/1/sessions", headers=_cookie(token))
    assert token not in listed.text
    assert all(len(item["id"]) == 16 for item in listed.json())


def test_admin_ends_one_session(start_server, http):
    server = start_server(authorize=True)
    editor = create_user(http, server.url, "ed", "ed-password", headers=ADMIN)
    first = _login(http, server, basic("ed", "ed-password"))
    second = _login(http, server, basic("ed", "ed-password"))
    url = f"{server.url}/api/users/{editor['id']}/sessions"
    listed = http.get(url, headers=ADMIN).json()
    current_of_first = http.get(url, headers=_cookie(first)).json()
    first_id = next(s["id"] for s in current_of_first if s["current"])
    assert len(listed) == 2
    response = http.delete(f"{url}/{first_id}", headers=ADMIN)
    assert response.status_code == 204
    assert _status(http, server, first) == (401, "InvalidSessionError")
    assert _status(http, server, second) == (200, "")
    again = http.delete(f"{url}/{first_id}", headers=ADMIN)
    assert again.status_code == 404
    assert again.json()["title"] == "SessionNotFoundError"


def test_editor_cannot_end_sessions(start_server, http):
    server = start_server(authorize=True)
    create_user(http, server.url, "ed", "ed-password", headers=ADMIN)
    admin_token = _login(http, server)
    response = http.delete(
        f"{server.url}/api/users/1/sessions", headers=basic("ed", "ed-password")
    )
    assert response.status_code == 403
    assert _status(http, server, admin_token) == (200, "")


def test_admin_ends_all_sessions(start_server, http):
    server = start_server(authorize=True)
    editor = create_user(http, server.url, "ed", "ed-password", headers=ADMIN)
    tokens = [_login(http, server, basic("ed", "ed-password")) for _ in range(3)]
    response = http.delete(
        f"{server.url}/api/users/{editor['id']}/sessions", headers=ADMIN
    )
    assert response.status_code == 204
    for token in tokens:
        assert _status(http, server, token) == (401, "InvalidSessionError")


def test_malformed_session_id_is_not_found(secured_server, http):
    response = http.delete(
        f"{secured_server.url}/api/users/1/sessions/not-a-session", headers=ADMIN
    )
    assert response.status_code == 404
    assert response.json()["title"] == "SessionNotFoundError"


def test_idle_session_expires(start_server, http):
    server = start_server(authorize=True, SESSION_IDLE_TIMEOUT="1")
    token = _login(http, server)
    time.sleep(2.2)
    assert _status(http, server, token) == (401, "InvalidSessionError")


def test_session_expires_at_max_age_despite_use(start_server, http):
    server = start_server(authorize=True, SESSION_MAX_AGE="2")
    token = _login(http, server)
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        assert _status(http, server, token) == (200, "")
        time.sleep(0.3)
    time.sleep(1.2)
    assert _status(http, server, token) == (401, "InvalidSessionError")


def test_oldest_sessions_end_past_per_user_limit(start_server, http):
    server = start_server(authorize=True, SESSIONS_PER_USER="2")
    tokens = []
    for _ in range(3):
        tokens.append(_login(http, server))
        time.sleep(0.01)
    assert _status(http, server, tokens[0]) == (401, "InvalidSessionError")
    assert _status(http, server, tokens[1]) == (200, "")
    assert _status(http, server, tokens[2]) == (200, "")


def test_password_change_keeps_only_callers_session(start_server, http):
    server = start_server(authorize=True)
    mine = _login(http, server)
    other = _login(http, server)
    body = {"id": 1, "username": "admin", "password": "a-new-password", "role": "admin"}
    response = http.post(f"{server.url}/api/users", json=body, headers=_cookie(mine))
    assert response.status_code == 200
    assert _status(http, server, mine) == (200, "")
    assert _status(http, server, other) == (401, "InvalidSessionError")


def test_delete_ends_all_sessions_of_user(start_server, http):
    server = start_server(authorize=True)
    editor = create_user(http, server.url, "ed", "ed-password", headers=ADMIN)
    token = _login(http, server, basic("ed", "ed-password"))
    http.delete(f"{server.url}/api/users/{editor['id']}", headers=ADMIN)
    assert _status(http, server, token) == (401, "InvalidSessionError")


def test_role_change_applies_to_live_session(start_server, http):
    server = start_server(authorize=True)
    leo = create_user(http, server.url, "leo", "leo-password", "admin", ADMIN)
    token = _login(http, server, basic("leo", "leo-password"))
    demote = {"id": leo["id"], "username": "leo", "password": None, "role": "editor"}
    assert http.post(f"{server.url}/api/users", json=demote, headers=ADMIN).ok
    backdoor = {
        "id": None,
        "username": "bd",
        "password": "bd-password",
        "role": "admin",
    }
    response = http.post(
        f"{server.url}/api/users", json=backdoor, headers=_cookie(token)
    )
    assert response.status_code == 403
    names = [
        u["username"] for u in http.get(f"{server.url}/api/users", headers=ADMIN).json()
    ]
    assert "bd" not in names
