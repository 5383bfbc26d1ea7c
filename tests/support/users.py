"""Small helpers for tests that call the API with plain HTTP."""

from __future__ import annotations

import base64
import itertools

import requests

_counter = itertools.count(1)


def unique_name(prefix: str = "user") -> str:
    return f"{prefix}{next(_counter)}"


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def create_user(
    http: requests.Session,
    url: str,
    username: str,
    password: str,
    role: str = "editor",
    headers: dict[str, str] | None = None,
) -> dict:
    body = {"id": None, "username": username, "password": password, "role": role}
    response = http.post(f"{url}/api/users", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def session_cookie(response: requests.Response) -> str:
    value = response.cookies.get("session_id")
    assert value, f"no session_id cookie in {response.headers}"
    return value


def post_user(
    http: requests.Session,
    url: str,
    body: object,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """Send ``body`` as JSON to ``POST /api/users`` and return the response."""
    return http.post(f"{url}/api/users", json=body, headers=headers)


def list_users(
    http: requests.Session, url: str, headers: dict[str, str] | None = None
) -> list[dict]:
    response = http.get(f"{url}/api/users", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def assert_error(response: requests.Response, status: int, title: str) -> dict:
    """Check that ``response`` is the JSON error ``title`` with ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["title"] == title, body
    assert isinstance(body["description"], str)
    assert body["description"]
    return body


def cookie_header(session_id: str) -> dict[str, str]:
    return {"Cookie": f"session_id={session_id}"}
