"""Requests at the edges of what a client can send get the documented answers."""

from __future__ import annotations

import base64

from tests.support.users import basic


def _raw_basic(raw: bytes) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}


def test_integer_too_long_is_syntax_error(open_server, http):
    body = b'{"id": 1' + b"0" * 5000 + b"}"
    response = http.post(
        f"{open_server.url}/api/users",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["title"] == "InvalidSyntaxError"


def test_chunked_body_is_read(open_server, http):
    chunks = iter(
        [
            b'{"id": null, "username": "chunky", ',
            b'"password": "chunky-pw", ',
            b'"role": "editor"}',
        ]
    )
    response = http.post(
        f"{open_server.url}/api/users",
        data=chunks,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["username"] == "chunky"


def test_nul_in_basic_username_is_unauthorized(secured_server, http):
    response = http.get(
        f"{secured_server.url}/api/users", headers=_raw_basic(b"ad\x00min:admin")
    )
    assert response.status_code == 401
    assert response.json()["title"] == "UnauthorizedError"


def test_long_basic_username_is_unauthorized(secured_server, http):
    response = http.get(
        f"{secured_server.url}/api/users", headers=basic("u" * 5000, "password")
    )
    assert response.status_code == 401
    assert response.json()["title"] == "UnauthorizedError"


def test_control_characters_escaped_in_log(open_server, http):
    response = http.get(f"{open_server.url}/forged%0d%0aFAKE%20LINE%1b[31m")
    assert response.status_code == 404
    log = open_server.wait_for_log("/forged\\x0d\\x0aFAKE LINE\\x1b[31m")
    assert "\nFAKE LINE" not in log
