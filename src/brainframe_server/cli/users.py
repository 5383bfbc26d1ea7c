"""``brainframe-server users``: manage users on the database directly.

These commands work whether the server runs or not, and go through the same
user service as the API, so the same rules hold: at least one admin, unique
usernames, the password policy. Passwords are read from a hidden prompt or
from standard input, never from a command-line argument, where other users
of the machine could see them.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from brainframe_server.cli.database import (
    command_line_actor,
    open_database,
    user_service,
)
from brainframe_server.cli.options import add_database_flag
from brainframe_server.errors import APIError
from brainframe_server.settings import Settings
from brainframe_server.users.model import Role, User, UserChange
from brainframe_server.users.rules import parse_role


class PasswordInputError(Exception):
    """No password could be read, or the two entries differ."""


def add_command(commands) -> argparse._SubParsersAction:
    """Add the ``users`` group; return its sub-commands so others can join it."""
    parser = commands.add_parser("users", help="list, add, change and delete users")
    group = parser.add_subparsers(required=True, metavar="USERS_COMMAND")

    listing = _add(group, "list", "list the users as a table", run_list)
    listing.add_argument("--json", action="store_true", help="print JSON instead")

    add = _add(group, "add", "create a user", run_add)
    add.add_argument("username")
    add.add_argument(
        "--role",
        choices=[role.value for role in Role],
        default=Role.EDITOR.value,
        help="role of the new user (default: editor)",
    )
    _add_password_stdin(add)

    set_password = _add(
        group, "set-password", "change a user's password", run_set_password
    )
    set_password.add_argument("username")
    _add_password_stdin(set_password)

    set_role = _add(group, "set-role", "change a user's role", run_set_role)
    set_role.add_argument("username")
    set_role.add_argument("role", choices=[role.value for role in Role])

    delete = _add(group, "delete", "delete a user and end their sessions", run_delete)
    delete.add_argument("username")
    return group


def _add(group, name: str, help_text: str, run) -> argparse.ArgumentParser:
    parser = group.add_parser(name, help=help_text)
    add_database_flag(parser)
    parser.set_defaults(run=_reporting_errors(run))
    return parser


def _add_password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input "
        "instead of a hidden prompt",
    )


def _reporting_errors(run):
    def run_reporting_errors(settings: Settings, args: argparse.Namespace) -> int:
        try:
            return run(settings, args)
        except (APIError, PasswordInputError) as error:
            message = getattr(error, "description", None) or str(error)
            print(f"brainframe-server: {message}", file=sys.stderr)
            return 1

    return run_reporting_errors


def run_list(settings: Settings, args: argparse.Namespace) -> int:
    with open_database(settings) as database:
        users = user_service(database, settings).list()
    if args.json:
        print(json.dumps([_user_json(user) for user in users], indent=2))
    else:
        print(format_table(["ID", "USERNAME", "ROLE"], [_user_row(u) for u in users]))
    return 0


def run_add(settings: Settings, args: argparse.Namespace) -> int:
    password = read_new_password(args.password_stdin)
    change = UserChange(
        id=None, username=args.username, role=parse_role(args.role), password=password
    )
    with open_database(settings) as database:
        user = user_service(database, settings).save(change, command_line_actor())
    print(f"Created the {user.role.value} {user.username!r} with id {user.id}.")
    return 0


def run_set_password(settings: Settings, args: argparse.Namespace) -> int:
    password = read_new_password(args.password_stdin)
    with open_database(settings) as database:
        service = user_service(database, settings)
        user = service.find_by_name(args.username)
        change = UserChange(
            id=user.id, username=user.username, role=user.role, password=password
        )
        service.save(change, command_line_actor())
    print(f"Changed the password of {user.username!r} and ended their sessions.")
    return 0


def run_set_role(settings: Settings, args: argparse.Namespace) -> int:
    with open_database(settings) as database:
        service = user_service(database, settings)
        user = service.find_by_name(args.username)
        change = UserChange(
            id=user.id,
            username=user.username,
            role=parse_role(args.role),
            password=None,
        )
        service.save(change, command_line_actor())
    print(f"The user {user.username!r} now has the role {args.role}.")
    return 0


def run_delete(settings: Settings, args: argparse.Namespace) -> int:
    with open_database(settings) as database:
        service = user_service(database, settings)
        user = service.find_by_name(args.username)
        service.delete(user.id, command_line_actor())
    print(f"Deleted the user {user.username!r} (id {user.id}).")
    return 0


def read_new_password(from_stdin: bool) -> str:
    """Read a new password from standard input or, twice, from a hidden prompt.

    Raises:
        PasswordInputError: standard input is empty, or the entries differ.
    """
    if from_stdin:
        line = sys.stdin.readline()
        password = line.removesuffix("\n").removesuffix("\r")
        if not line:
            raise PasswordInputError("Standard input is empty: expected a password.")
        return password
    if not sys.stdin.isatty():
        raise PasswordInputError(
            "No terminal to prompt for the password: use --password-stdin."
        )
    first = getpass.getpass("New password: ")
    second = getpass.getpass("Repeat the new password: ")
    if first != second:
        raise PasswordInputError("The two passwords differ; nothing was changed.")
    return first


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """Format rows as columns padded to the widest cell."""
    widths = [
        max([len(header)] + [len(row[index]) for row in rows])
        for index, header in enumerate(headers)
    ]
    lines = [headers, *rows]
    return "\n".join(
        "  ".join(
            cell.ljust(width) for cell, width in zip(line, widths, strict=True)
        ).rstrip()
        for line in lines
    )


def _user_json(user: User) -> dict[str, object]:
    return {"id": user.id, "username": user.username, "role": user.role.value}


def _user_row(user: User) -> list[str]:
    return [str(user.id), user.username, user.role.value]
