"""Malformed Authorization headers and session cookies are 401s, never server errors."""

from __future__ import annotations

import pytest

from tests.support.users import assert_error, basic, list_users

ADMIN = basic("admin", "admin")

MALFORMED_HEADERS = {
    "not-base64": "Basic !!!notbase64",
    "no-colon": "Basic YWxpY2U=",
    "bearer": "Bearer abc",
    "empty-basic": "Basic",
    "trailing-junk": "Basic YWRtaW46YWRtaW4=1",
    "no-padding": "Basic YWRtaW46YWRtaW4",
    "two-tokens": "Basic YWRtaW46YWRtaW4= YWRtaW46YWRtaW4=",
    "scheme-only-space": "Basic ",
    "digest": 'Digest username="admin"',
    "non-ascii": "Basic \u00e9\u00e9\u00e9\u00e9",
    "huge": "Basic " + "A" * 40_000,
}

MALFORMED_COOKIES = {
    "empty": "session_id=",
    "garbage": "session_id=%00%ff",
    "unknown": "session_id=fixme-000000000000000000000001",
    "huge": "session_id=" + "x" * 4000,
    "quoted": 'session_id="a b"',
}

REQUESTS = [
    ("GET", "/api/users"),
    ("GET", "/api/users/1"),
    ("GET", "/api/version"),
    ("POST", "/api/users"),
    ("DELETE", "/api/users/1"),
]


def send(http, server, method: str, path: str, headers: dict):
    body = {
        "id": None,
        "username": "mallory",
        "password": "pw-mallory",
        "role": "admin",
    }
    json = body if method == "POST" else None
    return http.request(method, server.url + path, headers=headers, json=json)


@pytest.mark.parametrize("header", MALFORMED_HEADERS.values(), ids=MALFORMED_HEADERS)
@pytest.mark.parametrize(("method", "path"), REQUESTS)
def test_malformed_header_is_unauthorized(secured_server, http, header, method, path):
    response = send(http, secured_server, method, path, {"Authorization": header})
    assert_error(response, 401, "UnauthorizedError")
    assert response.headers["WWW-Authenticate"].startswith('Basic realm="BrainFrame"')
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("cookie", MALFORMED_COOKIES.values(), ids=MALFORMED_COOKIES)
@pytest.mark.parametrize(("method", "path"), REQUESTS)
def test_bad_session_cookie_is_invalid_session(
    secured_server, http, cookie, method, path
):
    response = send(http, secured_server, method, path, {"Cookie": cookie})
    assert_error(response, 401, "InvalidSessionError")
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("scheme", ["basic", "BASIC", "bAsIc"])
def test_scheme_is_case_insensitive(secured_server, http, scheme):
    header = {"Authorization": f"{scheme} YWRtaW46YWRtaW4="}
    response = http.get(f"{secured_server.url}/api/users", headers=header)
    assert response.status_code == 200


def test_server_still_serves_after_malformed_requests(secured_server, http):
    names = [u["username"] for u in list_users(http, secured_server.url, ADMIN)]
    assert names == ["admin"]
    assert secured_server.process.poll() is None
    log = secured_server.flush_log()
    assert "Traceback" not in log
    assert " 500 " not in log


@pytest.mark.parametrize("header", MALFORMED_HEADERS.values(), ids=MALFORMED_HEADERS)
def test_open_server_ignores_malformed_header(open_server, http, header):
    response = http.get(
        f"{open_server.url}/api/users", headers={"Authorization": header}
    )
    assert response.status_code == 200
    assert response.json()[0]["username"] == "admin"
