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
