"""The web console's files: served without login, with a strict policy."""

from __future__ import annotations

import pytest

API_POLICY = "default-src 'none'; frame-ancestors 'none'"


def _policy_parts(response) -> set[str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.strip() for part in policy.split(";")}


def test_page_served_without_login(secured_server, http):
    response = http.get(f"{secured_server.url}/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<script src="/console/console.js" defer></script>' in response.text
    assert "Set-Cookie" not in response.headers


def test_page_has_strict_policy(open_server, http):
    response = http.get(f"{open_server.url}/")
    parts = _policy_parts(response)
    assert "default-src 'none'" in parts
    assert "script-src 'self'" in parts
    assert "style-src 'self'" in parts
    assert "connect-src 'self'" in parts
    assert "frame-ancestors 'none'" in parts
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_page_has_no_inline_script(open_server, http):
    page = http.get(f"{open_server.url}/").text
    assert page.count("<script") == 1
    assert "style=" not in page
    assert " on" + "click=" not in page


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("console.js", "text/javascript; charset=utf-8"),
        ("console.css", "text/css; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"),
    ],
)
def test_asset_served_with_type(secured_server, http, name, media_type):
    response = http.get(f"{secured_server.url}/console/{name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == media_type
    assert len(response.content) > 100


@pytest.mark.parametrize(
    "name", ["nope.js", "index.html", "__init__.py", "..%2F..%2Fsettings.py"]
)
def test_unknown_asset_not_found(open_server, http, name):
    response = http.get(f"{open_server.url}/console/{name}")
    assert response.status_code == 404
    assert response.json()["title"] == "NotFoundError"


def test_console_post_not_allowed(open_server, http):
    response = http.post(f"{open_server.url}/", data=b"x")
    assert response.status_code == 405
    assert response.json()["title"] == "MethodNotAllowedError"


def test_api_keeps_strict_policy(open_server, http):
    response = http.get(f"{open_server.url}/api/users")
    assert response.headers["Content-Security-Policy"] == API_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"
