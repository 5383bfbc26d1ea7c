"""``/api/sessions/current``: reading and ending the caller's session."""

from __future__ import annotations

from tests.support.users import basic, create_user, session_cookie, unique_name


def _cookie_header(token: str) -> dict[str, str]:
    return {"Cookie": f"session_id={token}"}


def test_current_with_authorization_off(open_server, http):
    response = http.get(f"{open_server.url}/api/sessions/current")
    assert response.status_code == 200
    assert response.json() == {
        "user": None,
        "role": "admin",
        "authorize_clients": False,
    }


def test_current_with_basic_opens_session(secured_server, http):
    url = secured_server.url
    response = http.get(f"{url}/api/sessions/current", headers=basic("admin", "admin"))
    assert response.status_code == 200
    assert response.json() == {
        "user": {"id": 1, "username": "admin", "password": None, "role": "admin"},
        "role": "admin",
        "authorize_clients": True,
    }
    set_cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie
    token = session_cookie(response)
    again = http.get(f"{url}/api/sessions/current", headers=_cookie_header(token))
    assert again.status_code == 200
    assert again.json()["user"]["username"] == "admin"


def test_current_reports_editor_role(secured_server, http):
    url = secured_server.url
    name = unique_name("ed")
    create_user(http, url, name, "password-ed", headers=basic("admin", "admin"))
    response = http.get(
        f"{url}/api/sessions/current", headers=basic(name, "password-ed")
    )
    assert response.status_code == 200
    assert response.json()["role"] == "editor"
    assert response.json()["user"]["username"] == name


def test_current_without_credentials_rejected(secured_server, http):
    response = http.get(f"{secured_server.url}/api/sessions/current")
    assert response.status_code == 401
    assert response.json()["title"] == "UnauthorizedError"


def test_delete_current_ends_session(secured_server, http):
    url = secured_server.url
    login = http.get(f"{url}/api/sessions/current", headers=basic("admin", "admin"))
    token = session_cookie(login)
    response = http.delete(f"{url}/api/sessions/current", headers=_cookie_header(token))
    assert response.status_code == 204
    set_cookie = response.headers["Set-Cookie"]
    assert set_cookie.startswith("session_id=;")
    assert "Max-Age=0" in set_cookie
    assert "Path=/" in set_cookie
    after = http.get(f"{url}/api/users", headers=_cookie_header(token))
    assert after.status_code == 401
    assert after.json()["title"] == "InvalidSessionError"


def test_delete_current_with_basic_opens_none(secured_server, http):
    url = secured_server.url
    response = http.delete(
        f"{url}/api/sessions/current", headers=basic("admin", "admin")
    )
    assert response.status_code == 204
    assert response.headers["Set-Cookie"].startswith("session_id=;")
    assert "Max-Age=0" in response.headers["Set-Cookie"]


def test_delete_current_with_authorization_off(open_server, http):
    response = http.delete(f"{open_server.url}/api/sessions/current")
    assert response.status_code == 204
    assert "Max-Age=0" in response.headers["Set-Cookie"]


def test_delete_current_keeps_other_sessions(secured_server, http):
    url = secured_server.url
    first = session_cookie(
        http.get(f"{url}/api/sessions/current", headers=basic("admin", "admin"))
    )
    second = session_cookie(
        http.get(f"{url}/api/sessions/current", headers=basic("admin", "admin"))
    )
    ended = http.delete(f"{url}/api/sessions/current", headers=_cookie_header(first))
    assert ended.status_code == 204
    still = http.get(f"{url}/api/sessions/current", headers=_cookie_header(second))
    assert still.status_code == 200


def test_session_cap_ends_oldest(start_server, http):
    server = start_server(authorize=True, SESSIONS_PER_USER="3")
    url = f"{server.url}/api/sessions/current"
    tokens = [
        session_cookie(http.get(url, headers=basic("admin", "admin"))) for _ in range(5)
    ]
    statuses = [
        http.get(url, headers=_cookie_header(token)).status_code for token in tokens
    ]
    assert statuses == [401, 401, 200, 200, 200]
