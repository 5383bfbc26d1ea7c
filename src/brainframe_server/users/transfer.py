"""The backup file of ``users export`` and ``users import``.

The file is JSON: ``{"format": "brainframe-users", "version": 1, "users":
[{"id", "username", "role", "password_hash"}, ...]}``. It carries argon2 hashes,
never passwords, and no sessions.
"""

from __future__ import annotations

from brainframe_server.errors import InvalidFormatError
from brainframe_server.store.users import ExportedUser
from brainframe_server.users.rules import normalize_username, parse_role, username_key

FORMAT = "brainframe-users"
VERSION = 1
_USER_KEYS = frozenset({"id", "username", "role", "password_hash"})

# Ids are stored as 32-bit integers.
_MAX_USER_ID = 2**31 - 1


def to_document(records: list[ExportedUser]) -> dict[str, object]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "users": [
            {
                "id": record.id,
                "username": record.username,
                "role": record.role.value,
                "password_hash": record.password_hash,
            }
            for record in records
        ],
    }


def parse_document(document: object) -> list[ExportedUser]:
    """Validate a whole backup file before anything is written.

    Raises:
        InvalidFormatError: the file is not a backup of this format, or a
            user in it breaks a rule; the message names the entry.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidFormatError(
            f"The file is not a users backup: expected a JSON object with "
            f'"format": "{FORMAT}".'
        )
    if document.get("version") != VERSION:
        raise InvalidFormatError(
            f"The backup version {document.get('version')!r} is not supported: "
            f"expected {VERSION}."
        )
    entries = document.get("users")
    if not isinstance(entries, list):
        raise InvalidFormatError('The backup has no "users" list.')
    records = [_parse_entry(index, entry) for index, entry in enumerate(entries)]
    _check_unique(records)
    return records


def _parse_entry(index: int, entry: object) -> ExportedUser:
    where = f"users[{index}]"
    if not isinstance(entry, dict) or set(entry) != _USER_KEYS:
        raise InvalidFormatError(
            f"{where} is invalid: expected an object with exactly the keys id, "
            "username, role and password_hash."
        )
    user_id = entry["id"]
    if type(user_id) is not int or not 1 <= user_id <= _MAX_USER_ID:
        raise InvalidFormatError(f"{where}: the id {user_id!r} is invalid.")
    if not isinstance(entry["username"], str):
        raise InvalidFormatError(f"{where}: the username is not a string.")
    if not isinstance(entry["password_hash"], str):
        raise InvalidFormatError(f"{where}: the password_hash is not a string.")
    try:
        username = normalize_username(entry["username"])
        role = parse_role(entry["role"])
    except InvalidFormatError as error:
        raise InvalidFormatError(f"{where}: {error.description}") from None
    return ExportedUser(user_id, username, role, entry["password_hash"])


def _check_unique(records: list[ExportedUser]) -> None:
    ids: set[int] = set()
    keys: dict[str, str] = {}
    for record in records:
        if record.id in ids:
            raise InvalidFormatError(f"The id {record.id} appears twice in the file.")
        ids.add(record.id)
        key = username_key(record.username)
        if key in keys:
            raise InvalidFormatError(
                f"The usernames {keys[key]!r} and {record.username!r} in the file "
                "differ only by case or Unicode form."
            )
        keys[key] = record.username
