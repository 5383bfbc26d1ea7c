"""No password, hash, session id or Authorization header reaches the logs."""

from __future__ import annotations

import base64
import sqlite3

from tests.support.users import basic, session_cookie

ADMIN = basic("admin", "admin")
SECRET = "S3cret-Rosa!"


def test_full_scenario_leaves_no_secret_in_logs(start_server, http):
    server = start_server(authorize=True, LOG_LEVEL="DEBUG")
    url = f"{server.url}/api/users"
    body = {"id": None, "username": "rosa", "password": SECRET, "role": "editor"}
    created = http.post(url, json=body, headers=ADMIN)
    assert created.status_code == 200
    assert http.post(url, json=body, headers=ADMIN).status_code == 409
    rosa = basic("rosa", SECRET)
    login = http.get(url, headers=rosa)
    token = session_cookie(login)
    http.get(url, headers={"Cookie": f"session_id={token}"})
    http.get(url, headers=basic("rosa", SECRET + "-wrong"))
    http.post(url, data=b'{"password": "' + SECRET.encode() + b'"', headers=ADMIN)
    change = {
        "id": created.json()["id"],
        "username": "rosa",
        "password": SECRET + "2",
        "role": "editor",
    }
    assert http.post(url, json=change, headers=ADMIN).status_code == 200
    server.stop()

    database = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        stored_hash = connection.execute(
            "SELECT password_hash FROM users WHERE username = 'rosa'"
        ).fetchone()[0]
    log = server.log_text()
    credentials = base64.b64encode(f"rosa:{SECRET}".encode()).decode()
    for secret in (
        SECRET,
        credentials,
        token,
        stored_hash,
        "$argon2id$",
        "YWRtaW46YWRtaW4=",
    ):
        assert secret not in log


def test_responses_never_contain_hashes(start_server, http):
    server = start_server()
    body = {"id": None, "username": "rosa", "password": SECRET, "role": "editor"}
    responses = [
        http.post(f"{server.url}/api/users", json=body),
        http.post(f"{server.url}/api/users", json=body),
        http.get(f"{server.url}/api/users"),
        http.get(f"{server.url}/api/users/2"),
    ]
    for response in responses:
        assert "argon2" not in response.text
        assert SECRET not in response.text
