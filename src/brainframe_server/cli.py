"""The ``brainframe-server`` command line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from brainframe_server import __version__
from brainframe_server.logs import configure_logging
from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import (
    Settings,
    SettingsError,
    load_settings,
    to_environment,
)
from brainframe_server.store.database import Database, describe_url, parse_database_url
from brainframe_server.store.migrate import (
    DEFAULT_ADMIN_PASSWORD,
    DEFAULT_ADMIN_USERNAME,
    prepare_database,
)
from brainframe_server.store.users import UserStore
from brainframe_server.users.rules import username_key

logger = logging.getLogger("brainframe_server")

APP_FACTORY = "brainframe_server.http.app:create_app_from_environment"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(overrides=_overrides(args))
        configure_logging(settings.log_level)
        return args.run(settings)
    except SettingsError as error:
        print(f"brainframe-server: {error}", file=sys.stderr)
        return 2


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brainframe-server",
        description="BrainFrame-compatible users and authorization server.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the HTTP server")
    _add_database_flag(serve)
    serve.add_argument("--host", help="address to listen on (SERVER_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (SERVER_PORT)")
    serve.add_argument(
        "--workers", type=int, help="number of worker processes (SERVER_WORKERS)"
    )
    serve.add_argument(
        "--authorize-clients",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="require credentials from clients (AUTHORIZE_CLIENTS)",
    )
    serve.set_defaults(run=serve_command)

    migrate = commands.add_parser(
        "migrate", help="apply database migrations and create the default admin"
    )
    _add_database_flag(migrate)
    migrate.set_defaults(run=migrate_command)
    return parser


def _add_database_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url", help="SQLAlchemy-style database URL (DATABASE_URL)"
    )


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    names = ("host", "port", "workers", "authorize_clients", "database_url")
    return {name: getattr(args, name, None) for name in names}


def migrate_command(settings: Settings) -> int:
    database = Database(parse_database_url(settings.database_url))
    try:
        prepare_database(database, PasswordHasher(settings))
    finally:
        database.close()
    logger.info("The database %s is up to date", describe_url(database.url))
    return 0


def serve_command(settings: Settings) -> int:
    from granian import Granian
    from granian.constants import Interfaces

    url = parse_database_url(settings.database_url)
    _prepare(settings)
    scheme = "https" if settings.uses_tls else "http"
    logger.info(
        "Serving on %s://%s:%d with %d worker(s), database %s, authorization %s",
        scheme,
        settings.host,
        settings.port,
        settings.workers,
        describe_url(url),
        "on" if settings.authorize_clients else "off (every client acts as admin)",
    )
    os.environ.update(to_environment(settings))
    server = Granian(
        APP_FACTORY,
        factory=True,
        interface=Interfaces.WSGI,
        address=settings.host,
        port=settings.port,
        workers=settings.workers,
        blocking_threads=settings.threads,
        log_level=settings.log_level.lower(),
        ssl_cert=_path(settings.tls_certificate),
        ssl_key=_path(settings.tls_key),
    )
    server.serve()
    return 0


def _prepare(settings: Settings) -> None:
    database = Database(parse_database_url(settings.database_url))
    hasher = PasswordHasher(settings)
    try:
        prepare_database(database, hasher)
        if settings.authorize_clients:
            _warn_if_default_password(UserStore(database), hasher)
    finally:
        database.close()


def _warn_if_default_password(store: UserStore, hasher: PasswordHasher) -> None:
    stored = store.find_credentials(username_key(DEFAULT_ADMIN_USERNAME))
    if stored is None or stored.user.username != DEFAULT_ADMIN_USERNAME:
        return
    if hasher.verify(stored.password_hash, DEFAULT_ADMIN_PASSWORD):
        logger.warning(
            "The user 'admin' still has the default password 'admin' while "
            "authorization is on. CHANGE IT NOW: anyone can log in with it."
        )


def _path(value: str | None) -> Path | None:
    return None if value is None else Path(value)
