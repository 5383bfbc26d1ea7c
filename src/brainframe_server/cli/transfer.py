"""``brainframe-server users export FILE`` and ``users import FILE``.

A backup moves users between databases, SQLite to PostgreSQL included. An
import goes through the user service and store like any API change, so the
username rules, unique names and the last-admin rule all apply.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from brainframe_server.cli.database import user_service
from brainframe_server.cli.options import add_database_flag
from brainframe_server.errors import APIError
from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import Settings
from brainframe_server.store.database import Database, open_database
from brainframe_server.store.migrate import prepare_database
from brainframe_server.store.users import ImportResult
from brainframe_server.users.service import UserService
from brainframe_server.users.transfer import parse_document, to_document

logger = logging.getLogger(__name__)


def add_commands(users_commands) -> None:
    """Add ``export`` and ``import`` to the ``users`` command group."""
    export = users_commands.add_parser(
        "export", help="write every user, with password hashes, to a JSON file"
    )
    export.add_argument("file", type=Path, help="file to write; '-' for stdout")
    add_database_flag(export)
    export.set_defaults(run=run_export)

    imports = users_commands.add_parser(
        "import",
        help="create or update users from a JSON file made by 'users export'",
    )
    imports.add_argument("file", type=Path, help="file to read; '-' for stdin")
    imports.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and print what would change, writing nothing",
    )
    add_database_flag(imports)
    imports.set_defaults(run=run_import)


def run_export(settings: Settings, args: argparse.Namespace) -> int:
    database = open_database(settings)
    try:
        records = _service(database, settings).export_users()
    finally:
        database.close()
    text = json.dumps(to_document(records), indent=2, ensure_ascii=False) + "\n"
    if str(args.file) == "-":
        sys.stdout.write(text)
    else:
        _write_private(args.file, text)
    logger.info("Exported %d users to %s", len(records), args.file)
    return 0


def run_import(settings: Settings, args: argparse.Namespace) -> int:
    try:
        records = parse_document(_read_json(args.file))
    except (OSError, ValueError) as error:
        print(f"brainframe-server: cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    except APIError as error:
        print(f"brainframe-server: {error.description}", file=sys.stderr)
        return 1
    database = open_database(settings)
    try:
        prepare_database(database, PasswordHasher(settings))
        results = _service(database, settings).import_users(records, args.dry_run)
    except APIError as error:
        print(
            f"brainframe-server: nothing was imported: {error.description}",
            file=sys.stderr,
        )
        return 1
    finally:
        database.close()
    _report(results, args.dry_run)
    return 0


def _service(database: Database, settings: Settings) -> UserService:
    return user_service(database, settings)


def _read_json(path: Path) -> object:
    if str(path) == "-":
        return json.load(sys.stdin)
    with path.open(encoding="utf-8") as file:
        return json.load(file)


def _write_private(path: Path, text: str) -> None:
    # The file contains password hashes, so only the owner may read it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


def _report(results: list[ImportResult], dry_run: bool) -> None:
    prefix = "would " if dry_run else ""
    for result in results:
        detail = f" ({', '.join(result.changed)})" if result.changed else ""
        print(
            f"{prefix}{result.action} {result.username!r} "
            f"as id {result.user_id}{detail}"
        )
    counts = {action: 0 for action in ("create", "update", "keep")}
    for result in results:
        counts[result.action] += 1
    summary = ", ".join(f"{count} {action}" for action, count in counts.items())
    print(f"{'Dry run, nothing written' if dry_run else 'Imported'}: {summary}")
