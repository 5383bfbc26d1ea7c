"""Settings from .env and TOML files, their precedence, and the config command."""

from __future__ import annotations

import json

from tests.support.cli import run_cli
from tests.support.server import ServerProcess, sqlite_url


def effective(result) -> dict[str, tuple[str, str]]:
    assert result.returncode == 0, result.stderr
    return {
        row["setting"]: (row["value"], row["source"])
        for row in json.loads(result.stdout)
    }


def test_config_shows_sources_by_precedence(tmp_path):
    (tmp_path / ".env").write_text(
        "SERVER_PORT=8001\nMAX_BODY_SIZE=2048\nSESSIONS_PER_USER=7\n"
        "CONFIG_FILE=settings.toml\nUNRELATED_SERVICE_SETTING=1\n"
    )
    (tmp_path / "settings.toml").write_text(
        "SERVER_PORT = 8002\nMAX_BODY_SIZE = 4096\n"
    )
    result = run_cli("config", "--json", cwd=tmp_path, env={"SERVER_PORT": "8003"})
    settings = effective(result)
    assert settings["SERVER_PORT"] == ("8003", "environment")
    assert settings["MAX_BODY_SIZE"] == ("4096", "settings.toml")
    assert settings["SESSIONS_PER_USER"] == ("7", ".env")
    assert settings["SERVER_WORKERS"] == ("1", "default")


def test_config_flag_names_the_settings_file(tmp_path):
    (tmp_path / "other.toml").write_text("AUTHORIZE_CLIENTS = true\n")
    result = run_cli("--config", "other.toml", "config", "--json", cwd=tmp_path)
    assert effective(result)["AUTHORIZE_CLIENTS"] == ("true", "other.toml")


def test_config_masks_database_password(tmp_path):
    (tmp_path / ".env").write_text(
        "DATABASE_URL=postgresql://bob:s3cret-pw@127.0.0.1:5432/users\n"
    )
    result = run_cli("config", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "s3cret-pw" not in result.stdout
    assert "postgresql://bob:***@127.0.0.1:5432/users" in result.stdout


def test_unknown_toml_setting_stops_with_its_name(tmp_path):
    (tmp_path / "bad.toml").write_text("SERVER_PROT = 80\n")
    result = run_cli("--config", "bad.toml", "config", cwd=tmp_path)
    assert result.returncode == 2
    assert "SERVER_PROT" in result.stderr


def test_missing_or_invalid_toml_is_reported(tmp_path):
    missing = run_cli("--config", "none.toml", "config", cwd=tmp_path)
    assert missing.returncode == 2
    assert "none.toml was not found" in missing.stderr
    (tmp_path / "broken.toml").write_text("SERVER_PORT = [\n")
    broken = run_cli("--config", "broken.toml", "config", cwd=tmp_path)
    assert broken.returncode == 2
    assert "not valid TOML" in broken.stderr


def test_flag_wins_over_dotenv(tmp_path):
    (tmp_path / ".env").write_text(f"DATABASE_URL={sqlite_url(tmp_path, 'env.db')}\n")
    result = run_cli(
        "users",
        "list",
        "--database-url",
        sqlite_url(tmp_path, "flag.db"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "flag.db").exists()
    assert not (tmp_path / "env.db").exists()


def test_server_reads_dotenv_in_working_directory(tmp_path, http):
    (tmp_path / ".env").write_text("AUTHORIZE_CLIENTS=true\n")
    server = ServerProcess(tmp_path, sqlite_url(tmp_path), {}).start()
    try:
        response = http.get(f"{server.url}/api/users")
    finally:
        server.stop()
    assert response.status_code == 401
    assert response.json()["title"] == "UnauthorizedError"
