"""The audit log through the API and the command line, on real servers."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from tests.support.cli import run_cli
from tests.support.users import basic, create_user

ADMIN = basic("admin", "admin")
SECRET = "audited-pass-1"
NEW_SECRET = "audited-pass-2"


@pytest.fixture(scope="module")
def audited(secured_server, tmp_path_factory):
    """Make one user, change it every way, delete it, and fail a login."""
    import requests

    http = requests.Session()
    url = secured_server.url
    user = create_user(http, url, "audited", SECRET, headers=ADMIN)
    body = {
        "id": user["id"],
        "username": "audited2",
        "password": NEW_SECRET,
        "role": "admin",
    }
    assert http.post(f"{url}/api/users", json=body, headers=ADMIN).status_code == 200
    assert (
        http.get(f"{url}/api/users", headers=basic("audited2", "wrong")).status_code
        == 401
    )
    assert (
        http.delete(f"{url}/api/users/{user['id']}", headers=ADMIN).status_code == 204
    )
    http.close()
    return secured_server, user["id"]


def audit(http, server, **params):
    response = http.get(f"{server.url}/api/audit", params=params, headers=ADMIN)
    assert response.status_code == 200, response.text
    return response.json()


def test_every_change_is_recorded(audited, http):
    server, user_id = audited
    events = audit(http, server, user=str(user_id))["events"]
    actions = [event["action"] for event in reversed(events)]
    assert actions == [
        "user.created",
        "user.updated",
        "user.password_changed",
        "user.role_changed",
        "user.deleted",
    ]
    updated = events[-2]
    assert updated["details"] == {"changed": ["username", "role", "password"]}
    assert events[-4]["details"] == {"old_role": "editor", "new_role": "admin"}
    for event in events:
        assert event["actor"] == "admin"
        assert event["actor_id"] == 1
        assert event["target_id"] == user_id
        assert event["client_address"] == "127.0.0.1"


def test_login_failure_is_recorded(audited, http):
    server, _ = audited
    events = audit(http, server, action="login.failed")["events"]
    failed = [event for event in events if event["target"] == "audited2"]
    assert len(failed) == 1
    assert failed[0]["client_address"] == "127.0.0.1"
    assert failed[0]["actor_id"] is None


def test_no_password_is_returned(audited, http):
    server, _ = audited
    text = json.dumps(audit(http, server, limit="1000"))
    assert SECRET not in text
    assert NEW_SECRET not in text
    assert "wrong" not in text


def test_pages_with_limit_and_before(audited, http):
    server, user_id = audited
    first = audit(http, server, user=str(user_id), limit="2")
    assert len(first["events"]) == 2
    second = audit(
        http, server, user=str(user_id), limit="2", before=str(first["next_before"])
    )
    ids = [event["id"] for event in first["events"] + second["events"]]
    assert ids == sorted(ids, reverse=True)
    assert len(set(ids)) == 4


def test_time_range_filters(audited, http):
    server, _ = audited
    assert audit(http, server, until="2000-01-01T00:00:00Z")["events"] == []
    recent = audit(http, server, since=str(time.time() - 3600))["events"]
    assert recent
    assert audit(http, server, since=str(time.time() + 3600))["events"] == []


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"action": "user.exploded"}, "action"),
        ({"user": "abc"}, "user"),
        ({"limit": "0"}, "limit"),
        ({"since": "yesterday"}, "since"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_filter_is_rejected(secured_server, http, params, word):
    response = http.get(f"{secured_server.url}/api/audit", params=params, headers=ADMIN)
    assert response.status_code == 400
    assert response.json()["title"] == "InvalidFormatError"
    assert word in response.json()["description"]


def test_audit_is_admin_only(secured_server, http):
    create_user(
        http, secured_server.url, "audit-reader", "reader-pass-1", headers=ADMIN
    )
    editor = http.get(
        f"{secured_server.url}/api/audit",
        headers=basic("audit-reader", "reader-pass-1"),
    )
    assert editor.status_code == 403
    assert editor.json()["title"] == "InsufficientRoleError"
    anonymous = http.get(f"{secured_server.url}/api/audit")
    assert anonymous.status_code == 401


def test_command_line_reads_and_records(tmp_path):
    database = f"sqlite:///{tmp_path / 'users.db'}"
    added = run_cli(
        "users",
        "add",
        "cli-user",
        "--password-stdin",
        cwd=tmp_path,
        database_url=database,
        stdin="cli-user-pass-1\n",
    )
    assert added.returncode == 0, added.stderr
    result = run_cli(
        "audit", "--json", "--user", "cli-user", cwd=tmp_path, database_url=database
    )
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)
    assert [event["action"] for event in events] == ["user.created"]
    assert events[0]["actor"].startswith("command line (")
    table = run_cli("audit", cwd=tmp_path, database_url=database)
    assert "user.created" in table.stdout
    assert "cli-user-pass-1" not in table.stdout


def test_retention_deletes_old_events_at_start(start_server, tmp_path):
    database_path = tmp_path / "retained.db"
    database = f"sqlite:///{database_path}"
    migrated = run_cli("migrate", cwd=tmp_path, database_url=database)
    assert migrated.returncode == 0, migrated.stderr
    old, recent = time.time() - 40 * 86400, time.time() - 5 * 86400
    with sqlite3.connect(database_path) as connection:
        for moment in (old, recent):
            connection.execute(
                "INSERT INTO audit_events (occurred_at, action, actor) "
                "VALUES (?, 'user.deleted', 'test')",
                (moment,),
            )
    start_server(database_url=database, AUDIT_RETENTION_DAYS="30")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with sqlite3.connect(database_path) as connection:
            times = [
                row[0]
                for row in connection.execute("SELECT occurred_at FROM audit_events")
            ]
        if len(times) == 1:
            break
        time.sleep(0.1)
    assert times == [pytest.approx(recent)]
