"""Cross-site request forgery checks on state-changing requests."""

from __future__ import annotations

import pytest
import requests

from tests.support.users import basic, session_cookie, unique_name


def _user_body(name: str) -> dict:
    return {"id": None, "username": name, "password": "password-1", "role": "editor"}


@pytest.fixture(scope="module")
def admin_cookie(secured_server) -> dict[str, str]:
    login = requests.get(
        f"{secured_server.url}/api/sessions/current",
        headers=basic("admin", "admin"),
        timeout=10,
    )
    return {"Cookie": f"session_id={session_cookie(login)}"}


def test_same_origin_post_allowed(secured_server, http, admin_cookie):
    headers = {**admin_cookie, "Origin": secured_server.url}
    response = http.post(
        f"{secured_server.url}/api/users",
        json=_user_body(unique_name()),
        headers=headers,
    )
    assert response.status_code == 200, response.text


def test_post_without_origin_allowed(secured_server, http, admin_cookie):
    response = http.post(
        f"{secured_server.url}/api/users",
        json=_user_body(unique_name()),
        headers=admin_cookie,
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:1",
        "http://localhost",
        "https://attacker.example",
        "null",
        "file://",
    ],
)
def test_foreign_origin_post_rejected(secured_server, http, admin_cookie, origin):
    name = unique_name()
    headers = {**admin_cookie, "Origin": origin}
    response = http.post(
        f"{secured_server.url}/api/users", json=_user_body(name), headers=headers
    )
    assert response.status_code == 403
    assert response.json()["title"] == "CrossOriginRequestError"
    assert origin in response.json()["description"]
    assert response.headers["Content-Type"].startswith("application/json")
    listed = http.get(f"{secured_server.url}/api/users", headers=admin_cookie).json()
    assert name not in [user["username"] for user in listed]


def test_foreign_origin_delete_rejected(secured_server, http, admin_cookie):
    headers = {**admin_cookie, "Origin": "http://127.0.0.1:1"}
    response = http.delete(f"{secured_server.url}/api/users/1", headers=headers)
    assert response.status_code == 403
    assert response.json()["title"] == "CrossOriginRequestError"


def test_foreign_origin_with_basic_rejected(secured_server, http):
    headers = {**basic("admin", "admin"), "Origin": "http://127.0.0.1:1"}
    response = http.post(
        f"{secured_server.url}/api/users",
        json=_user_body(unique_name()),
        headers=headers,
    )
    assert response.status_code == 403
    assert "Set-Cookie" not in response.headers


def test_foreign_origin_rejected_when_open(open_server, http):
    headers = {"Origin": "http://127.0.0.1:1"}
    response = http.post(
        f"{open_server.url}/api/users", json=_user_body(unique_name()), headers=headers
    )
    assert response.status_code == 403


def test_cross_site_fetch_without_origin_rejected(secured_server, http, admin_cookie):
    headers = {**admin_cookie, "Sec-Fetch-Site": "cross-site"}
    response = http.post(
        f"{secured_server.url}/api/users",
        json=_user_body(unique_name()),
        headers=headers,
    )
    assert response.status_code == 403
    assert "cross-site" in response.json()["description"]


def test_same_origin_fetch_site_allowed(secured_server, http, admin_cookie):
    headers = {**admin_cookie, "Sec-Fetch-Site": "same-origin"}
    response = http.post(
        f"{secured_server.url}/api/users",
        json=_user_body(unique_name()),
        headers=headers,
    )
    assert response.status_code == 200, response.text


def test_origin_with_default_port_matches(secured_server, http, admin_cookie):
    headers = {
        **admin_cookie,
        "Host": "console.example",
        "Origin": "http://console.example:80",
    }
    response = http.post(
        f"{secured_server.url}/api/users",
        json=_user_body(unique_name()),
        headers=headers,
    )
    assert response.status_code == 200, response.text


def test_foreign_origin_get_allowed(secured_server, http, admin_cookie):
    headers = {**admin_cookie, "Origin": "http://127.0.0.1:1"}
    response = http.get(f"{secured_server.url}/api/users", headers=headers)
    assert response.status_code == 200


def test_script_request_gets_no_challenge(secured_server, http):
    response = http.get(
        f"{secured_server.url}/api/sessions/current",
        headers={"Sec-Fetch-Mode": "cors"},
    )
    assert response.status_code == 401
    assert response.json()["title"] == "UnauthorizedError"
    assert "WWW-Authenticate" not in response.headers


def test_navigation_gets_challenge(secured_server, http):
    response = http.get(
        f"{secured_server.url}/api/users", headers={"Sec-Fetch-Mode": "navigate"}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
