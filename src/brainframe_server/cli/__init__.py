"""The ``brainframe-server`` command line: one module per group of commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from brainframe_server import __version__
from brainframe_server.cli import audit, config, migrate, serve, transfer, users
from brainframe_server.logs import configure_logging
from brainframe_server.settings import SettingsError, resolve_settings

# Settings that flags may override; each command adds the flags it takes.
_OVERRIDABLE = ("host", "port", "workers", "authorize_clients", "database_url")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings, sources = resolve_settings(overrides=_overrides(args), files=True)
        configure_logging(settings.log_level, settings.log_format)
        args.sources = sources
        return args.run(settings, args)
    except SettingsError as error:
        print(f"brainframe-server: {error}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brainframe-server",
        description="BrainFrame-compatible users and authorization server.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument(
        "--config",
        dest="config_file",
        metavar="FILE",
        help="TOML settings file (CONFIG_FILE); flags and environment win over it",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    serve.add_command(commands)
    migrate.add_command(commands)
    users_commands = users.add_command(commands)
    transfer.add_commands(users_commands)
    audit.add_command(commands)
    config.add_command(commands)
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    overrides = {name: getattr(args, name, None) for name in _OVERRIDABLE}
    overrides["config_file"] = args.config_file
    return overrides
