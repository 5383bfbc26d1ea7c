"""Server settings, read from the environment and overridden by command-line flags."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
_FALSE_WORDS = frozenset({"false", "0", "no", "off"})


class SettingsError(ValueError):
    """A setting has a value the server cannot run with."""


def parse_bool(name: str, text: str) -> bool:
    """Parse a yes/no setting, rejecting anything that is not clearly one or other.

    A typo in ``AUTHORIZE_CLIENTS`` must stop the server rather than leave it open.
    """
    word = text.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise SettingsError(
        f"{name} has the invalid value {text!r}: expected one of true, false, "
        "1, 0, yes, no, on, off"
    )


def _parser_for_int(minimum: int, maximum: int) -> Callable[[str, str], int]:
    def parse(name: str, text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise SettingsError(
                f"{name} has the invalid value {text!r}: expected a whole number"
            ) from None
        if not minimum <= value <= maximum:
            raise SettingsError(
                f"{name} is {value}: expected a value from {minimum} to {maximum}"
            )
        return value

    return parse


def _parse_text(name: str, text: str) -> str:
    if not text.strip():
        raise SettingsError(f"{name} is empty: expected a value")
    return text.strip()


def _parse_optional_text(name: str, text: str) -> str | None:
    return text.strip() or None


_DAY = 24 * 3600


@dataclass(frozen=True)
class Settings:
    """Every setting of the server, each with its default."""

    authorize_clients: bool = False
    host: str = "127.0.0.1"
    port: int = 80
    database_url: str = "sqlite:///data/users.db"
    database_pool_size: int = 10
    workers: int = 1
    threads: int = 16
    max_body_size: int = 64 * 1024
    password_min_length: int = 8
    password_max_length: int = 1024
    session_idle_timeout: int = _DAY
    session_max_age: int = 7 * _DAY
    sessions_per_user: int = 50
    argon2_time_cost: int = 2
    argon2_memory_cost: int = 19 * 1024
    argon2_parallelism: int = 1
    secure_cookies: bool = False
    tls_certificate: str | None = None
    tls_key: str | None = None
    log_level: str = "INFO"

    def __post_init__(self) -> None:
        if self.password_min_length > self.password_max_length:
            raise SettingsError(
                "PASSWORD_MIN_LENGTH is greater than PASSWORD_MAX_LENGTH: "
                f"{self.password_min_length} > {self.password_max_length}"
            )
        if (self.tls_certificate is None) != (self.tls_key is None):
            raise SettingsError(
                "TLS_CERTIFICATE and TLS_KEY must be set together to serve HTTPS"
            )

    @property
    def uses_tls(self) -> bool:
        return self.tls_certificate is not None

    @property
    def cookie_secure(self) -> bool:
        return self.secure_cookies or self.uses_tls


# Environment variable and parser of each field. The names without a prefix
# follow BrainFrame's own `.env` settings (AUTHORIZE_CLIENTS, SERVER_PORT).
ENVIRONMENT: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "authorize_clients": ("AUTHORIZE_CLIENTS", parse_bool),
    "host": ("SERVER_HOST", _parse_text),
    "port": ("SERVER_PORT", _parser_for_int(0, 65535)),
    "database_url": ("DATABASE_URL", _parse_text),
    "database_pool_size": ("DATABASE_POOL_SIZE", _parser_for_int(1, 1000)),
    "workers": ("SERVER_WORKERS", _parser_for_int(1, 64)),
    "threads": ("SERVER_THREADS", _parser_for_int(1, 512)),
    "max_body_size": ("MAX_BODY_SIZE", _parser_for_int(1024, 16 * 1024 * 1024)),
    "password_min_length": ("PASSWORD_MIN_LENGTH", _parser_for_int(1, 1024)),
    "password_max_length": ("PASSWORD_MAX_LENGTH", _parser_for_int(1, 4096)),
    "session_idle_timeout": ("SESSION_IDLE_TIMEOUT", _parser_for_int(60, 365 * _DAY)),
    "session_max_age": ("SESSION_MAX_AGE", _parser_for_int(60, 365 * _DAY)),
    "sessions_per_user": ("SESSIONS_PER_USER", _parser_for_int(1, 10_000)),
    "argon2_time_cost": ("ARGON2_TIME_COST", _parser_for_int(1, 100)),
    "argon2_memory_cost": ("ARGON2_MEMORY_COST", _parser_for_int(8, 4 * 1024 * 1024)),
    "argon2_parallelism": ("ARGON2_PARALLELISM", _parser_for_int(1, 64)),
    "secure_cookies": ("SECURE_COOKIES", parse_bool),
    "tls_certificate": ("TLS_CERTIFICATE", _parse_optional_text),
    "tls_key": ("TLS_KEY", _parse_optional_text),
    "log_level": ("LOG_LEVEL", _parse_text),
}


def load_settings(
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build the settings from the environment, then apply flag overrides.

    Raises:
        SettingsError: a value is invalid; the message names the setting.
    """
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for field, (variable, parse) in ENVIRONMENT.items():
        if variable in environ:
            values[field] = parse(variable, environ[variable])
    for field, value in (overrides or {}).items():
        if value is not None:
            values[field] = value
    values["log_level"] = _check_log_level(values.get("log_level", "INFO"))
    return Settings(**values)


def _check_log_level(level: str) -> str:
    upper = level.upper()
    if upper not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise SettingsError(
            f"LOG_LEVEL has the invalid value {level!r}: expected DEBUG, INFO, "
            "WARNING or ERROR"
        )
    return upper


def to_environment(settings: Settings) -> dict[str, str]:
    """Turn settings back into environment variables, for worker processes."""
    environ = {}
    for field in dataclasses.fields(settings):
        value = getattr(settings, field.name)
        if value is None:
            continue
        variable = ENVIRONMENT[field.name][0]
        environ[variable] = (
            str(value).lower() if isinstance(value, bool) else str(value)
        )
    return environ
