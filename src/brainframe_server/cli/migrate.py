"""``brainframe-server migrate``: bring the database schema up to date."""

from __future__ import annotations

import argparse
import logging

from brainframe_server.cli.options import add_database_flag
from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import Settings
from brainframe_server.store.database import describe_url, open_database
from brainframe_server.store.migrate import prepare_database

logger = logging.getLogger(__name__)


def add_command(commands) -> None:
    parser = commands.add_parser(
        "migrate", help="apply database migrations and create the default admin"
    )
    add_database_flag(parser)
    parser.set_defaults(run=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    database = open_database(settings)
    try:
        prepare_database(database, PasswordHasher(settings))
    finally:
        database.close()
    logger.info("The database %s is up to date", describe_url(database.url))
    return 0
