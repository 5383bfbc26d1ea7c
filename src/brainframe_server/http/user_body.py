"""Turning a ``POST /api/users`` body into a validated change."""

from __future__ import annotations

from brainframe_server.errors import InvalidFormatError, UserNotFoundError
from brainframe_server.users.model import UserChange
from brainframe_server.users.rules import parse_role

USER_KEYS = frozenset({"id", "username", "password", "role"})

# Ids are stored as 32-bit integers; a larger one can name no user.
MAX_USER_ID = 2**31 - 1


def parse_user_change(body: object) -> UserChange:
    """Validate a user object sent by a client.

    A missing or null ``id`` means create. A missing or null ``password`` means
    keep the current one on an update.

    Raises:
        InvalidFormatError: the body is not a user object; the message names
            the key at fault.
        UserNotFoundError: ``id`` is out of the range of stored ids.
    """
    if not isinstance(body, dict):
        raise InvalidFormatError(
            f"The request body is a JSON {_json_type(body)}: expected an object "
            "with the keys id, username, password and role."
        )
    unknown = sorted(set(body) - USER_KEYS)
    if unknown:
        raise InvalidFormatError(
            f"The key {unknown[0]!r} is not a user field: expected only id, "
            "username, password and role."
        )
    return UserChange(
        id=parse_user_id_field(body.get("id")),
        username=_required_string(body, "username"),
        role=parse_role(_required(body, "role")),
        password=_optional_string(body, "password"),
    )


def parse_user_id_field(value: object) -> int | None:
    if value is None:
        return None
    if type(value) is not int:
        raise InvalidFormatError(
            f"The id {value!r} is invalid: expected an integer or null."
        )
    if not 1 <= value <= MAX_USER_ID:
        raise UserNotFoundError(f"No user has the id {value}.")
    return value


def parse_user_id_path(text: str) -> int:
    """Parse the ``{user_id}`` of a path; anything but a stored id is not found."""
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise UserNotFoundError(f"No user has the id {shown!r}.")
    value = int(text)
    if not 1 <= value <= MAX_USER_ID:
        raise UserNotFoundError(f"No user has the id {value}.")
    return value


def _required(body: dict, key: str) -> object:
    value = body.get(key)
    if value is None:
        raise InvalidFormatError(f"The key {key!r} is missing or null.")
    return value


def _required_string(body: dict, key: str) -> str:
    value = _required(body, key)
    if not isinstance(value, str):
        raise InvalidFormatError(
            f"The {key} is a JSON {_json_type(value)}: expected a string."
        )
    return value


def _optional_string(body: dict, key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidFormatError(
            f"The {key} is a JSON {_json_type(value)}: expected a string or null."
        )
    return value


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
