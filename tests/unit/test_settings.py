"""Settings parsing: a bad value stops the server with a message naming it."""

from __future__ import annotations

import subprocess

import pytest

from brainframe_server.settings import SettingsError, load_settings
from tests.support.server import server_executable


@pytest.mark.parametrize("text", ["true", "TRUE", "1", "yes", "On"])
def test_authorize_clients_true_words(text):
    assert load_settings({"AUTHORIZE_CLIENTS": text}).authorize_clients is True


@pytest.mark.parametrize("text", ["false", "False", "0", "no", "OFF"])
def test_authorize_clients_false_words(text):
    assert load_settings({"AUTHORIZE_CLIENTS": text}).authorize_clients is False


@pytest.mark.parametrize("text", ["ture", "", "2", "enabled"])
def test_authorize_clients_typo_rejected(text):
    with pytest.raises(SettingsError, match="AUTHORIZE_CLIENTS"):
        load_settings({"AUTHORIZE_CLIENTS": text})


def test_defaults_are_safe():
    settings = load_settings({})
    assert settings.authorize_clients is False
    assert settings.host == "127.0.0.1"
    assert settings.password_min_length == 8
    assert settings.argon2_memory_cost >= 19 * 1024
    assert settings.argon2_time_cost >= 2


def test_flags_override_environment():
    settings = load_settings({"SERVER_PORT": "81"}, {"port": 82, "host": None})
    assert settings.port == 82
    assert settings.host == "127.0.0.1"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SERVER_PORT", "eighty"),
        ("SERVER_PORT", "70000"),
        ("PASSWORD_MIN_LENGTH", "0"),
        ("TRUSTED_PROXIES", "10.0.0.0/8,not-an-address"),
        ("LOG_LEVEL", "LOUD"),
        ("TLS_CERTIFICATE", "cert.pem"),
    ],
)
def test_invalid_values_name_the_setting(variable, value):
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: value})


def test_min_length_above_max_rejected():
    with pytest.raises(SettingsError, match="PASSWORD_MIN_LENGTH"):
        load_settings({"PASSWORD_MIN_LENGTH": "30", "PASSWORD_MAX_LENGTH": "20"})


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"AUTHORIZE_CLIENTS": "ture"}, "AUTHORIZE_CLIENTS"),
        ({"DATABASE_URL": "mysql://root@localhost/users"}, "DATABASE_URL"),
        ({"DATABASE_URL": "::not a url::"}, "DATABASE_URL"),
    ],
)
def test_serve_stops_on_invalid_setting(tmp_path, env, message):
    result = subprocess.run(
        [server_executable(), "serve", "--port", "1"],
        env={"PATH": "/usr/bin:/bin", **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert message in result.stderr
