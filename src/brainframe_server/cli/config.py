"""``brainframe-server config``: print the effective settings and their sources."""

from __future__ import annotations

import argparse
import dataclasses
import json

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from brainframe_server.cli.users import format_table
from brainframe_server.settings import ENVIRONMENT, SECRET_VARIABLES, Settings

MASK = "***"


def add_command(commands) -> None:
    parser = commands.add_parser(
        "config", help="print the effective settings, where each comes from"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(run=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    rows = effective_settings(settings, args.sources)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        table = [[row["setting"], row["value"], row["source"]] for row in rows]
        print(format_table(["SETTING", "VALUE", "SOURCE"], table))
    return 0


def effective_settings(settings: Settings, sources: dict[str, str]) -> list[dict]:
    """Return one row per setting: its variable, shown value and source."""
    rows = []
    for field in dataclasses.fields(settings):
        variable = ENVIRONMENT[field.name][0]
        rows.append(
            {
                "setting": variable,
                "value": show_value(variable, getattr(settings, field.name)),
                "source": sources[field.name],
            }
        )
    return rows


def show_value(variable: str, value: object) -> str:
    """Return a setting as text, with any password in a database URL masked."""
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if variable in SECRET_VARIABLES:
        return mask_url_password(str(value))
    return str(value)


def mask_url_password(text: str) -> str:
    try:
        url = make_url(text)
    except ArgumentError:
        return MASK
    if url.password is None:
        return text
    # SQLAlchemy shows a hidden password as ***.
    return url.render_as_string(hide_password=True)
