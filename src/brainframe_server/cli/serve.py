"""``brainframe-server serve``: migrate, then run the HTTP server."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import tempfile
from pathlib import Path

from brainframe_server.cli.options import add_database_flag
from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import Settings, SettingsError, to_environment
from brainframe_server.store.database import (
    Database,
    describe_url,
    open_database,
    parse_database_url,
)
from brainframe_server.store.migrate import (
    DEFAULT_ADMIN_PASSWORD,
    DEFAULT_ADMIN_USERNAME,
    prepare_database,
)
from brainframe_server.store.sessions import SessionStore
from brainframe_server.store.users import UserStore
from brainframe_server.users.rules import username_key

logger = logging.getLogger(__name__)

APP_FACTORY = "brainframe_server.http.app:create_app_from_environment"

# How often the serve process deletes audit events past the retention, in seconds.


def add_command(commands) -> None:
    parser = commands.add_parser("serve", help="run the HTTP server")
    add_database_flag(parser)
    parser.add_argument("--host", help="address to listen on (SERVER_HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (SERVER_PORT)")
    parser.add_argument(
        "--workers", type=int, help="number of worker processes (SERVER_WORKERS)"
    )
    parser.add_argument(
        "--authorize-clients",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="require credentials from clients (AUTHORIZE_CLIENTS)",
    )
    parser.set_defaults(run=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    from granian import Granian
    from granian.constants import Interfaces

    _prepare(settings)
    _log_start(settings)
    # Worker processes build the app from the environment, flags included.
    os.environ.update(to_environment(settings))
    database = open_database(settings)
    metrics_directory = _start_metrics(settings, database)
    server = Granian(
        APP_FACTORY,
        factory=True,
        interface=Interfaces.WSGI,
        address=settings.host,
        port=settings.port,
        workers=settings.workers,
        blocking_threads=settings.threads,
        # No more requests enter Python than there are threads to run them;
        # the rest wait their turn in granian. Without this limit, granian
        # queued every request at once, and the ones picked last made the
        # p99 latency of 32 connections two to three times as long.
        backpressure=settings.threads,
        log_level=settings.log_level.lower(),
        ssl_cert=_path(settings.tls_certificate),
        ssl_key=_path(settings.tls_key),
    )
    try:
        server.serve()
    finally:
        database.close()
        if metrics_directory is not None:
            shutil.rmtree(metrics_directory, ignore_errors=True)
    return 0


def _start_metrics(settings: Settings, database: Database) -> str | None:
    """Start the metrics listener; return the directory the workers write to.

    The directory must be in the environment before a worker imports
    prometheus_client, which is why it is set before Granian starts them.
    """
    if settings.metrics_port is None:
        return None
    directory = tempfile.mkdtemp(prefix="brainframe-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    # prometheus_client reads the variable when first imported, and Granian
    # may fork workers from this process, so import it only now.
    from brainframe_server.http.metrics_listener import start_metrics_listener

    try:
        start_metrics_listener(settings, directory, SessionStore(database))
    except SettingsError:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return directory


def _log_start(settings: Settings) -> None:
    scheme = "https" if settings.uses_tls else "http"
    logger.info(
        "Serving on %s://%s:%d with %d worker(s), database %s, authorization %s",
        scheme,
        settings.host,
        settings.port,
        settings.workers,
        describe_url(parse_database_url(settings.database_url)),
        "on" if settings.authorize_clients else "off (every client acts as admin)",
    )


def _prepare(settings: Settings) -> None:
    database = open_database(settings)
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
