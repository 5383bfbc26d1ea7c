"""``brainframe-server audit``: read the audit log from the database, newest first."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from brainframe_server.audit.model import AuditAction, StoredAuditEvent
from brainframe_server.audit.query import DEFAULT_LIMIT, MAX_LIMIT, parse_audit_query
from brainframe_server.cli.database import audit_log, open_database, user_service
from brainframe_server.cli.options import add_database_flag
from brainframe_server.cli.users import format_table
from brainframe_server.errors import APIError
from brainframe_server.settings import Settings

HEADERS = ["ID", "TIME (UTC)", "ACTION", "ACTOR", "TARGET", "ADDRESS", "DETAILS"]


def add_command(commands) -> None:
    parser = commands.add_parser("audit", help="show the audit log, newest first")
    add_database_flag(parser)
    parser.add_argument(
        "--user", help="only events whose actor or target is this user (id or name)"
    )
    parser.add_argument(
        "--action",
        choices=[action.value for action in AuditAction],
        help="only events of this action",
    )
    parser.add_argument(
        "--since", help="only events at or after this ISO 8601 time or Unix second"
    )
    parser.add_argument("--until", help="only events before this time")
    parser.add_argument(
        "--before", help="only events with an id below this, for the next page"
    )
    parser.add_argument(
        "--limit",
        default=str(DEFAULT_LIMIT),
        help=f"maximum number of events to show, 1 to {MAX_LIMIT} "
        f"(default: {DEFAULT_LIMIT})",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(run=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    try:
        with open_database(settings) as database:
            filters = {
                "user": _user_id(args.user, database, settings),
                "action": args.action,
                "since": args.since,
                "until": args.until,
                "before": args.before,
                "limit": args.limit,
            }
            query = parse_audit_query({k: v for k, v in filters.items() if v})
            events = audit_log(database, settings).list(query)
    except APIError as error:
        print(f"brainframe-server: {error.description}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([event.to_json() for event in events], indent=2))
    else:
        print(format_table(HEADERS, [_row(event) for event in events]))
    return 0


def _user_id(text: str | None, database, settings: Settings) -> str | None:
    if text is None or text.isdigit():
        return text
    return str(user_service(database, settings).find_by_name(text).id)


def _row(event: StoredAuditEvent) -> list[str]:
    time_text = datetime.fromtimestamp(event.occurred_at, UTC).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    target = event.target or ""
    if event.target_id is not None:
        target = f"{target} (id {event.target_id})"
    return [
        str(event.id),
        time_text,
        event.action,
        event.actor,
        target,
        event.client_address or "",
        json.dumps(event.details) if event.details else "",
    ]
