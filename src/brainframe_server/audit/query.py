"""Parsing audit filters, from a URL or the command line, into a query."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from brainframe_server.audit.model import AuditAction, AuditQuery
from brainframe_server.errors import InvalidFormatError

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
FILTERS = ("user", "action", "since", "until", "before", "limit")

# Ids are stored as 32-bit integers.
_MAX_ID = 2**31 - 1


def parse_audit_query(params: Mapping[str, str]) -> AuditQuery:
    """Validate audit filters given as text, by the names in ``FILTERS``.

    Raises:
        InvalidFormatError: a filter is unknown or has an invalid value; the
            message names it.
    """
    unknown = sorted(set(params) - set(FILTERS))
    if unknown:
        raise InvalidFormatError(
            f"The filter {unknown[0]!r} is unknown: expected "
            + ", ".join(FILTERS)
            + "."
        )
    return AuditQuery(
        user_id=_optional(params, "user", _parse_id),
        action=_optional(params, "action", _parse_action),
        since=_optional(params, "since", parse_time),
        until=_optional(params, "until", parse_time),
        before_id=_optional(params, "before", _parse_id),
        limit=_optional(params, "limit", _parse_limit) or DEFAULT_LIMIT,
    )


def parse_time(name: str, text: str) -> float:
    """Parse Unix seconds or an ISO 8601 time; a time without a zone is UTC."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidFormatError(
            f"The {name} value {text!r} is invalid: expected an ISO 8601 time "
            "such as 2025-01-31T12:00:00Z, or Unix seconds."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _optional(params, name, parse):
    text = params.get(name)
    if text is None or text == "":
        return None
    return parse(name, text)


def _parse_id(name: str, text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= _MAX_ID:
        raise InvalidFormatError(
            f"The {name} value {text[:40]!r} is invalid: expected a positive "
            "integer id."
        )
    return int(text)


def _parse_action(name: str, text: str) -> AuditAction:
    try:
        return AuditAction(text)
    except ValueError:
        raise InvalidFormatError(
            f"The action {text[:40]!r} is invalid: expected one of "
            + ", ".join(action.value for action in AuditAction)
            + "."
        ) from None


def _parse_limit(name: str, text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise InvalidFormatError(
            f"The limit {text[:40]!r} is invalid: expected 1 to {MAX_LIMIT}."
        )
    return int(text)
