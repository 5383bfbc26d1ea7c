"""HTTPS, secure cookies and the hardening headers on every response."""

from __future__ import annotations

import subprocess

import requests

from tests.support.users import basic

ADMIN = basic("admin", "admin")


def _self_signed(directory):
    certificate = directory / "cert.pem"
    key = directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


def test_hardening_headers_on_success_and_error(secured_server, http):
    for headers in (ADMIN, {}):
        response = http.get(f"{secured_server.url}/api/users", headers=headers)
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_unknown_route_has_hardening_headers(open_server, http):
    response = http.get(f"{open_server.url}/nothing/here")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"


def test_tls_serves_https_with_secure_cookie(start_server, tmp_path):
    certificate, key = _self_signed(tmp_path)
    server = start_server(
        authorize=True, TLS_CERTIFICATE=str(certificate), TLS_KEY=str(key)
    )
    assert server.url.startswith("https://")
    response = requests.get(
        f"{server.url}/api/users", headers=ADMIN, verify=str(certificate), timeout=10
    )
    assert response.status_code == 200
    assert "Secure" in response.headers["Set-Cookie"]


def test_secure_cookies_setting_behind_proxy(start_server, http):
    server = start_server(authorize=True, SECURE_COOKIES="true")
    response = http.get(f"{server.url}/api/users", headers=ADMIN)
    assert "Secure" in response.headers["Set-Cookie"]
