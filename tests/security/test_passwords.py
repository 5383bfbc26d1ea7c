"""Password storage: argon2id, length limits, and rehashing on login."""

from __future__ import annotations

import sqlite3

from tests.support.users import basic, create_user

ADMIN = basic("admin", "admin")


def _stored_hash(server, username: str) -> str:
    database = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT password_hash FROM users WHERE username = ?", (username,)
        ).fetchone()
    return row[0]


def test_hash_is_argon2id_with_settings(start_server, http):
    server = start_server(ARGON2_TIME_COST="3", ARGON2_MEMORY_COST="8192")
    create_user(http, server.url, "hana", "hana-password")
    stored = _stored_hash(server, "hana")
    assert stored.startswith("$argon2id$")
    assert "m=8192,t=3,p=1" in stored
    assert "hana-password" not in stored


def test_login_rehashes_when_costs_change(start_server, http):
    server = start_server(authorize=True, ARGON2_TIME_COST="2")
    create_user(http, server.url, "rei", "rei-password", headers=ADMIN)
    assert ",t=2," in _stored_hash(server, "rei")
    server.stop()
    server.settings["ARGON2_TIME_COST"] = "3"
    server.restart()
    response = http.get(
        f"{server.url}/api/version", headers=basic("rei", "rei-password")
    )
    assert response.status_code == 200
    assert ",t=3," in _stored_hash(server, "rei")
    again = http.get(f"{server.url}/api/version", headers=basic("rei", "rei-password"))
    assert again.status_code == 200


def test_password_shorter_than_minimum_rejected(start_server, http):
    server = start_server(PASSWORD_MIN_LENGTH="12")
    body = {
        "id": None,
        "username": "short",
        "password": "elevenchars",
        "role": "editor",
    }
    response = http.post(f"{server.url}/api/users", json=body)
    assert response.status_code == 400
    assert response.json()["title"] == "InvalidFormatError"
    assert "at least 12" in response.json()["description"]
    assert "elevenchars" not in response.text


def test_password_longer_than_maximum_rejected(start_server, http):
    server = start_server(PASSWORD_MAX_LENGTH="64")
    body = {"id": None, "username": "long", "password": "x" * 65, "role": "editor"}
    response = http.post(f"{server.url}/api/users", json=body)
    assert response.status_code == 400
    assert response.json()["title"] == "InvalidFormatError"
    assert "64" in response.json()["description"]


def test_overlong_login_password_rejected(secured_server, http):
    response = http.get(
        f"{secured_server.url}/api/users", headers=basic("admin", "a" * 5000)
    )
    assert response.status_code == 401
    assert response.json()["title"] == "UnauthorizedError"


def test_equivalent_unicode_passwords_match(start_server, http):
    server = start_server(authorize=True)
    create_user(http, server.url, "zoe", "caf\u00e9-password", headers=ADMIN)
    composed = basic("zoe", "caf\u00e9-password")
    decomposed = basic("zoe", "cafe\u0301-password")
    assert http.get(f"{server.url}/api/version", headers=composed).status_code == 200
    assert http.get(f"{server.url}/api/version", headers=decomposed).status_code == 200


def test_latin1_credentials_accepted(start_server, http):
    server = start_server(authorize=True)
    create_user(http, server.url, "jos\u00e9", "se\u00f1or-password", headers=ADMIN)
    response = http.get(
        f"{server.url}/api/version", auth=("jos\u00e9", "se\u00f1or-password")
    )
    assert response.status_code == 200
