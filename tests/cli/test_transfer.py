"""``users export`` and ``users import``: backups that keep every login."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import argon2
import pytest

from tests.support.database import user_rows
from tests.support.postgres import PostgresDatabases, postgres_available
from tests.support.server import ServerProcess, server_executable, sqlite_url
from tests.support.users import basic, create_user

FAST_HASHING = {"ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "1024"}
HASHER = argon2.PasswordHasher(time_cost=1, memory_cost=1024)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [server_executable(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _backup(users: list[dict]) -> dict:
    return {"format": "brainframe-users", "version": 1, "users": users}


def _entry(user_id: int, username: str, role: str, password: str) -> dict:
    return {
        "id": user_id,
        "username": username,
        "role": role,
        "password_hash": HASHER.hash(password),
    }


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document))
    return path


def _migrated(make_database, directory: Path) -> str:
    url = make_database(directory)
    result = _cli("migrate", "--database-url", url, cwd=directory)
    assert result.returncode == 0, result.stderr
    return url


@pytest.mark.postgres
def test_sqlite_to_postgres_keeps_logins(tmp_path, http):
    if not postgres_available():
        pytest.skip("PostgreSQL is not accepting connections on 127.0.0.1:5432")
    source = ServerProcess(tmp_path, sqlite_url(tmp_path), FAST_HASHING).start()
    admin = {"id": 1, "username": "admin", "password": "new-admin-pass"}
    assert http.post(f"{source.url}/api/users", json={**admin, "role": "admin"}).ok
    passwords = {"admin": "new-admin-pass", "Zoë": "zoe-pass-1", "ops": "ops-pass-1"}
    create_user(http, source.url, "Zoë", passwords["Zoë"])
    deleted = create_user(http, source.url, "deleted", "deleted-pass-1")
    create_user(http, source.url, "ops", passwords["ops"], role="admin")
    assert http.delete(f"{source.url}/api/users/{deleted['id']}").status_code == 204
    before = http.get(f"{source.url}/api/users").json()
    source.stop()

    backup = tmp_path / "users.json"
    exported = _cli(
        "users",
        "export",
        str(backup),
        "--database-url",
        source.database_url,
        cwd=tmp_path,
    )
    assert exported.returncode == 0, exported.stderr
    text = backup.read_text()
    assert all(password not in text for password in passwords.values())
    assert backup.stat().st_mode & 0o077 == 0

    databases = PostgresDatabases()
    try:
        target_url = databases.create()
        imported = _cli(
            "users", "import", str(backup), "--database-url", target_url, cwd=tmp_path
        )
        assert imported.returncode == 0, imported.stderr
        assert "Imported: 2 create, 1 update, 0 keep" in imported.stdout
        env = {**FAST_HASHING, "AUTHORIZE_CLIENTS": "true"}
        target = ServerProcess(tmp_path, target_url, env).start()
        try:
            for username, password in passwords.items():
                response = http.get(
                    f"{target.url}/api/users", headers=basic(username, password)
                )
                assert response.status_code == 200, (username, response.text)
            assert response.json() == before
            default = http.get(
                f"{target.url}/api/users", headers=basic("admin", "admin")
            )
            assert default.status_code == 401
            extra = create_user(
                http,
                target.url,
                "new",
                "new-pass-1",
                headers=basic("ops", "ops-pass-1"),
            )
            assert extra["id"] > max(user["id"] for user in before)
            assert extra["id"] != deleted["id"]
        finally:
            target.stop()
    finally:
        databases.drop_all()


def test_import_dry_run_writes_nothing(make_database, tmp_path):
    url = _migrated(make_database, tmp_path)
    backup = _write(
        tmp_path / "b.json",
        _backup(
            [
                _entry(5, "eva", "editor", "eva-pass-1"),
                _entry(1, "admin", "admin", "admin-pass-2"),
            ]
        ),
    )
    before = user_rows(url)
    result = _cli(
        "users", "import", "--dry-run", str(backup), "--database-url", url, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "would create 'eva' as id 5" in result.stdout
    assert "would update 'admin' as id 1 (password)" in result.stdout
    assert "Dry run, nothing written: 1 create, 1 update, 0 keep" in result.stdout
    assert user_rows(url) == before


INVALID_BACKUPS = {
    "plain password": (
        [{**_entry(2, "pat", "editor", "x"), "password_hash": "plain-password"}],
        "not an argon2id hash",
    ),
    "same key": (
        [_entry(2, "pat", "editor", "pat-pass-1"), _entry(3, "PAT", "editor", "p")],
        "differ only by case",
    ),
    "same id": (
        [_entry(2, "pat", "editor", "pat-pass-1"), _entry(2, "sam", "editor", "s")],
        "appears twice",
    ),
    "bad name": ([_entry(2, "pat:x", "editor", "pat-pass-1")], "users[0]"),
    "bad role": ([_entry(2, "pat", "owner", "pat-pass-1")], "users[0]"),
    "no hash": (
        [{"id": 2, "username": "pat", "role": "editor", "password": "pat-pass-1"}],
        "users[0]",
    ),
    "no admin": (
        [_entry(2, "pat", "editor", "p"), _entry(1, "admin", "editor", "a")],
        "no admin",
    ),
}


def test_invalid_import_writes_nothing(make_database, tmp_path):
    url = _migrated(make_database, tmp_path)
    before = user_rows(url)
    for case, (entries, message) in INVALID_BACKUPS.items():
        backup = _write(tmp_path / "b.json", _backup(entries))
        result = _cli(
            "users", "import", str(backup), "--database-url", url, cwd=tmp_path
        )
        assert result.returncode == 1, case
        assert message in result.stderr, case
        assert user_rows(url) == before, case


def test_import_keeps_ids_only_when_never_used(
    make_database, tmp_path, start_server, http
):
    server = start_server(**FAST_HASHING)
    for name in ("a1", "a2", "a3"):
        create_user(http, server.url, name, "pass-word-1")
    http.delete(f"{server.url}/api/users/4")
    server.stop()
    backup = _write(
        tmp_path / "b.json",
        _backup(
            [
                _entry(3, "low", "editor", "low-pass-1"),
                _entry(9, "high", "editor", "high-pass-1"),
            ]
        ),
    )
    result = _cli(
        "users",
        "import",
        str(backup),
        "--database-url",
        server.database_url,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    ids = {row.username: row.id for row in user_rows(server.database_url)}
    assert ids["high"] == 9
    # "low" is created first, and its id 3 was assigned before.
    assert ids["low"] == 5
    server.start()
    assert create_user(http, server.url, "after", "pass-word-1")["id"] == 10
