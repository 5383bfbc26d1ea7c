"""Server settings from flags, the environment, a ``.env`` file and a TOML file.

Precedence, highest first: command-line flags, environment variables, the
settings file (``--config`` or ``CONFIG_FILE``), the ``.env`` file in the
working directory, then the defaults below.
"""

from __future__ import annotations

import dataclasses
import ipaddress
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


def _parser_for_optional_port() -> Callable[[str, str], int | None]:
    parse_port = _parser_for_int(1, 65535)

    def parse(name: str, text: str) -> int | None:
        return parse_port(name, text) if text.strip() else None

    return parse


def _parser_for_choice(*choices: str) -> Callable[[str, str], str]:
    def parse(name: str, text: str) -> str:
        word = text.strip().lower()
        if word not in choices:
            raise SettingsError(
                f"{name} has the invalid value {text!r}: expected "
                + " or ".join(choices)
            )
        return word

    return parse


_DAY = 24 * 3600


def _parse_networks(name: str, text: str) -> str:
    """Check a comma-separated list of IP addresses and networks (CIDR)."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise SettingsError(
                f"{name} contains {item!r}, which is not an IP address or network"
            ) from None
    return ",".join(items)


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
    trusted_proxies: str = ""
    login_failure_window: int = 900
    login_failures_per_pair: int = 5
    login_failures_per_user: int = 20
    login_failures_per_address: int = 50
    login_block_max: int = 900
    login_user_block_max: int = 60
    tls_certificate: str | None = None
    tls_key: str | None = None
    log_level: str = "INFO"
    log_format: str = "text"
    metrics_host: str = "127.0.0.1"
    # None serves no metrics; otherwise the port of the Prometheus listener.
    metrics_port: int | None = None
    # Audit events older than this are deleted; 0 keeps them forever.
    audit_retention_days: int = 90

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
    def trusted_proxy_networks(
        self,
    ) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(
            ipaddress.ip_network(item, strict=False)
            for item in self.trusted_proxies.split(",")
            if item
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
    "session_idle_timeout": ("SESSION_IDLE_TIMEOUT", _parser_for_int(1, 365 * _DAY)),
    "session_max_age": ("SESSION_MAX_AGE", _parser_for_int(1, 365 * _DAY)),
    "sessions_per_user": ("SESSIONS_PER_USER", _parser_for_int(1, 10_000)),
    "argon2_time_cost": ("ARGON2_TIME_COST", _parser_for_int(1, 100)),
    "argon2_memory_cost": ("ARGON2_MEMORY_COST", _parser_for_int(8, 4 * 1024 * 1024)),
    "argon2_parallelism": ("ARGON2_PARALLELISM", _parser_for_int(1, 64)),
    "secure_cookies": ("SECURE_COOKIES", parse_bool),
    "trusted_proxies": ("TRUSTED_PROXIES", _parse_networks),
    "login_failure_window": ("LOGIN_FAILURE_WINDOW", _parser_for_int(60, _DAY)),
    "login_failures_per_pair": ("LOGIN_FAILURES_PER_PAIR", _parser_for_int(1, 1000)),
    "login_failures_per_user": ("LOGIN_FAILURES_PER_USER", _parser_for_int(1, 10_000)),
    "login_failures_per_address": (
        "LOGIN_FAILURES_PER_ADDRESS",
        _parser_for_int(1, 100_000),
    ),
    "login_block_max": ("LOGIN_BLOCK_MAX", _parser_for_int(1, _DAY)),
    "login_user_block_max": ("LOGIN_USER_BLOCK_MAX", _parser_for_int(1, _DAY)),
    "tls_certificate": ("TLS_CERTIFICATE", _parse_optional_text),
    "tls_key": ("TLS_KEY", _parse_optional_text),
    "log_level": ("LOG_LEVEL", _parse_text),
    "log_format": ("LOG_FORMAT", _parser_for_choice("text", "json")),
    "metrics_host": ("METRICS_HOST", _parse_text),
    "metrics_port": ("METRICS_PORT", _parser_for_optional_port()),
    "audit_retention_days": ("AUDIT_RETENTION_DAYS", _parser_for_int(0, 36500)),
}

# Names of the settings whose values may carry a secret when shown.
SECRET_VARIABLES = frozenset({"DATABASE_URL"})


def load_settings(
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    files: bool = False,
) -> Settings:
    """Build the settings; see ``resolve_settings`` for the arguments.

    Raises:
        SettingsError: a value is invalid; the message names the setting.
    """
    return resolve_settings(environ, overrides, files)[0]


def resolve_settings(
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    files: bool = False,
) -> tuple[Settings, dict[str, str]]:
    """Build the settings and name the source of each value.

    ``overrides`` are flag values by field name (None means the flag was not
    given), plus ``config_file``. With ``files`` true, the ``.env`` file of
    the working directory and the settings file are read as well. Server
    workers leave it false, because they get every value by environment.

    Raises:
        SettingsError: a value or a file is invalid; the message names it.
    """
    from brainframe_server.settings_files import read_setting_files

    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    layers: list[tuple[str, Mapping[str, str]]] = []
    if files:
        layers = read_setting_files(environ, overrides.pop("config_file", None))
    layers.append(("environment", environ))
    values: dict[str, Any] = {}
    sources = dict.fromkeys(ENVIRONMENT, "default")
    for source, layer in layers:
        for field, (variable, parse) in ENVIRONMENT.items():
            if variable in layer:
                values[field] = parse(variable, layer[variable])
                sources[field] = source
    for field, value in overrides.items():
        if value is not None and field in ENVIRONMENT:
            values[field] = value
            sources[field] = "flag"
    values["log_level"] = _check_log_level(values.get("log_level", "INFO"))
    return Settings(**values), sources


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
        if value is None or value == "":
            continue
        variable = ENVIRONMENT[field.name][0]
        environ[variable] = (
            str(value).lower() if isinstance(value, bool) else str(value)
        )
    return environ
