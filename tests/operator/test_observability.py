"""Health probes, request ids, JSON logs and Prometheus metrics on real servers."""

from __future__ import annotations

import json
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import requests

from tests.support.server import free_port
from tests.support.users import basic, create_user

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="module")
def observed_server(tmp_path_factory):
    """A server with authorization on, JSON logs, two workers and metrics."""
    from tests.support.server import ServerProcess, sqlite_url

    directory = tmp_path_factory.mktemp("observed")
    metrics_port = free_port()
    settings = {
        "AUTHORIZE_CLIENTS": "true",
        "LOG_FORMAT": "json",
        "SERVER_WORKERS": "2",
        "METRICS_PORT": str(metrics_port),
    }
    server = ServerProcess(directory, sqlite_url(directory), settings).start()
    server.metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
    yield server
    server.stop()


@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_health_needs_no_credentials(observed_server, http, path):
    response = http.get(observed_server.url + path)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "session_id" not in response.headers.get("Set-Cookie", "")


def test_health_ignores_wrong_credentials(observed_server, http):
    response = http.get(
        f"{observed_server.url}/health/live", headers=basic("admin", "wrong")
    )
    assert response.status_code == 200


def test_request_id_is_echoed_when_safe(observed_server, http):
    response = http.get(
        f"{observed_server.url}/health/live", headers={"X-Request-ID": "lb-42.a:b"}
    )
    assert response.headers["X-Request-ID"] == "lb-42.a:b"


@pytest.mark.parametrize(
    "incoming", [None, "bad id with spaces", "x" * 200, "<script>"]
)
def test_request_id_is_generated_otherwise(observed_server, http, incoming):
    headers = {} if incoming is None else {"X-Request-ID": incoming}
    response = http.get(f"{observed_server.url}/health/live", headers=headers)
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_json_log_lines_carry_request_id(observed_server, http):
    request_id = uuid.uuid4().hex
    password = "log-check-password-1"
    response = http.get(
        f"{observed_server.url}/api/users",
        headers={**basic("admin", password), "X-Request-ID": request_id},
    )
    assert response.status_code == 401
    log = observed_server.wait_for_log(f'"request_id":"{request_id}"')
    lines = [json.loads(line) for line in _json_lines(log)]
    mine = [line for line in lines if line.get("request_id") == request_id]
    assert any(line["message"].startswith("GET /api/users 401") for line in mine)
    assert password not in observed_server.log_text()


def _json_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("{")]


def test_stop_writes_every_access_line(start_server):
    server = start_server()
    answered: list[str] = []
    session = requests.Session()

    def send(worker: int) -> None:
        for number in range(10_000):
            request_id = f"stop-{worker}-{number}"
            try:
                response = session.get(
                    f"{server.url}/api/version",
                    headers={"X-Request-ID": request_id},
                    timeout=10,
                )
            except requests.ConnectionError:
                return
            if response.status_code == 200:
                answered.append(request_id)

    with ThreadPoolExecutor(8) as pool:
        for worker in range(8):
            pool.submit(send, worker)
        while len(answered) < 300:
            time.sleep(0.01)
        server.stop()
    logged = set(re.findall(r"\[(stop-\d+-\d+)\]", server.log_text()))
    assert set(answered) <= logged


def test_metrics_count_routes_logins_and_sessions(observed_server, http):
    url = observed_server.url
    for _ in range(3):
        ok = http.get(f"{url}/api/users/1", headers=basic("admin", "admin"))
        assert ok.status_code == 200
        login = http.get(f"{url}/api/sessions/current", headers=basic("admin", "admin"))
        assert login.status_code == 200
    http.get(f"{url}/api/users", headers=basic("admin", "not-the-password"))
    http.get(f"{url}/no/such/{uuid.uuid4().hex}")
    text = requests.get(observed_server.metrics_url, timeout=10).text
    samples = _samples(text)
    route = 'method="GET",route="/api/users/{user_id}"'
    assert samples[f'brainframe_http_requests_total{{{route},status="200"}}'] >= 3
    assert samples['brainframe_logins_total{outcome="success"}'] >= 3
    assert samples['brainframe_logins_total{outcome="failure"}'] >= 1
    assert samples["brainframe_sessions_live"] >= 3
    assert 'route="unmatched"' in text
    assert "/no/such" not in text
    assert samples[f"brainframe_http_request_duration_seconds_count{{{route}}}"] >= 3


def _samples(text: str) -> dict[str, float]:
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    return samples


def test_metrics_are_not_on_the_api_port(observed_server, http):
    response = http.get(f"{observed_server.url}/metrics")
    assert response.status_code == 404
    assert response.json()["title"] == "NotFoundError"


def test_metrics_listener_serves_only_metrics(observed_server):
    other = observed_server.metrics_url.replace("/metrics", "/admin")
    response = requests.get(other, timeout=10)
    assert response.status_code == 404
    assert response.json()["title"] == "NotFoundError"
    post = requests.post(observed_server.metrics_url, timeout=10)
    assert post.status_code == 405


def test_editor_credentials_do_not_unlock_metrics_port(observed_server, http):
    create_user(
        http,
        observed_server.url,
        "metrics-editor",
        "editor-pass-1",
        headers=basic("admin", "admin"),
    )
    response = http.get(
        f"{observed_server.url}/metrics",
        headers=basic("metrics-editor", "editor-pass-1"),
    )
    assert response.status_code == 404


@pytest.mark.postgres
def test_ready_fails_when_database_is_gone(start_server, http):
    name = f"bf_ready_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        server = start_server(
            database_url=f"postgresql://postgres@127.0.0.1:5432/{name}"
        )
        assert http.get(f"{server.url}/health/ready").status_code == 200
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        response = http.get(f"{server.url}/health/ready")
        assert response.status_code == 503
        assert response.json() == {
            "title": "ServiceUnavailableError",
            "description": "The database is not available.",
        }
        assert http.get(f"{server.url}/health/live").status_code == 200
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
