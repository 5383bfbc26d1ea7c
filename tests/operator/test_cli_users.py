"""The ``users`` commands, run as real processes on real SQLite files."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import run_cli
from tests.support.server import sqlite_url
from tests.support.users import basic


@pytest.fixture
def database(tmp_path):
    return sqlite_url(tmp_path)


def users_json(tmp_path, database) -> list[dict]:
    result = run_cli("users", "list", "--json", cwd=tmp_path, database_url=database)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_list_table_shows_seeded_admin(tmp_path, database):
    result = run_cli("users", "list", cwd=tmp_path, database_url=database)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "USERNAME", "ROLE"]
    assert lines[1].split() == ["1", "admin", "admin"]


def test_add_reads_password_from_stdin(tmp_path, database):
    result = run_cli(
        "users",
        "add",
        "ed",
        "--role",
        "admin",
        "--password-stdin",
        cwd=tmp_path,
        database_url=database,
        stdin="ed-password-1\n",
    )
    assert result.returncode == 0, result.stderr
    assert "ed-password-1" not in result.stdout + result.stderr
    assert {"id": 2, "username": "ed", "role": "admin"} in users_json(
        tmp_path, database
    )


def test_add_duplicate_name_is_rejected(tmp_path, database):
    result = run_cli(
        "users",
        "add",
        "ADMIN",
        "--password-stdin",
        cwd=tmp_path,
        database_url=database,
        stdin="a-long-password\n",
    )
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert len(users_json(tmp_path, database)) == 1


def test_add_short_password_is_rejected(tmp_path, database):
    result = run_cli(
        "users",
        "add",
        "ann",
        "--password-stdin",
        cwd=tmp_path,
        database_url=database,
        stdin="short\n",
    )
    assert result.returncode == 1
    assert "expected at least 8" in result.stderr
    assert "short" not in result.stderr.replace("shorter", "")


def test_add_without_terminal_or_stdin_flag_fails(tmp_path, database):
    result = run_cli("users", "add", "ann", cwd=tmp_path, database_url=database)
    assert result.returncode == 1
    assert "--password-stdin" in result.stderr


def test_password_argument_does_not_exist(tmp_path, database):
    result = run_cli(
        "users",
        "add",
        "ann",
        "--password",
        "a-long-password",
        cwd=tmp_path,
        database_url=database,
    )
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr


def test_last_admin_cannot_be_demoted_or_deleted(tmp_path, database):
    demote = run_cli(
        "users", "set-role", "admin", "editor", cwd=tmp_path, database_url=database
    )
    assert demote.returncode == 1
    assert "at least one admin" in demote.stderr
    delete = run_cli("users", "delete", "admin", cwd=tmp_path, database_url=database)
    assert delete.returncode == 1
    assert users_json(tmp_path, database) == [
        {"id": 1, "username": "admin", "role": "admin"}
    ]


def test_set_role_and_delete_change_users(tmp_path, database):
    run_cli(
        "users",
        "add",
        "bo",
        "--password-stdin",
        cwd=tmp_path,
        database_url=database,
        stdin="bo-password-1\n",
    )
    promote = run_cli(
        "users", "set-role", "bo", "admin", cwd=tmp_path, database_url=database
    )
    assert promote.returncode == 0, promote.stderr
    delete = run_cli("users", "delete", "admin", cwd=tmp_path, database_url=database)
    assert delete.returncode == 0, delete.stderr
    assert users_json(tmp_path, database) == [
        {"id": 2, "username": "bo", "role": "admin"}
    ]


def test_unknown_user_is_reported(tmp_path, database):
    result = run_cli("users", "delete", "nobody", cwd=tmp_path, database_url=database)
    assert result.returncode == 1
    assert "No user has the username 'nobody'" in result.stderr


def test_set_password_recovers_admin_while_serving(start_server, http, tmp_path):
    server = start_server(authorize=True)
    lost = http.get(f"{server.url}/api/users", headers=basic("admin", "admin"))
    assert lost.status_code == 200
    session = lost.cookies.get("session_id")
    result = run_cli(
        "users",
        "set-password",
        "admin",
        "--password-stdin",
        cwd=tmp_path,
        database_url=server.database_url,
        stdin="recovered-pass-1\n",
    )
    assert result.returncode == 0, result.stderr
    old = http.get(f"{server.url}/api/users", headers=basic("admin", "admin"))
    assert old.status_code == 401
    new = http.get(
        f"{server.url}/api/users", headers=basic("admin", "recovered-pass-1")
    )
    assert new.status_code == 200
    ended = http.get(f"{server.url}/api/users", cookies={"session_id": session})
    assert ended.status_code == 401
    assert ended.json()["title"] == "InvalidSessionError"
