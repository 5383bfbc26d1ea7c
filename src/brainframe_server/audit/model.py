"""Audit events and the actions they record."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime


class AuditAction(enum.StrEnum):
    USER_CREATED = "user.created"
    USER_UPDATED = "user.updated"
    USER_DELETED = "user.deleted"
    PASSWORD_CHANGED = "user.password_changed"  # noqa: S105 - an action name
    ROLE_CHANGED = "user.role_changed"
    LOGIN_FAILED = "login.failed"
    LOGIN_THROTTLED = "login.throttled"


@dataclass(frozen=True)
class Actor:
    """The maker of a change: a user, the command line, or an anonymous client.

    ``address`` is the client's IP address, None on the command line.
    """

    id: int | None
    name: str
    address: str | None = None


@dataclass(frozen=True)
class AuditEvent:
    """One event to record. ``details`` never contains a password."""

    action: AuditAction
    actor: Actor
    target_id: int | None
    target: str | None
    details: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredAuditEvent:
    id: int
    occurred_at: float
    action: str
    actor_id: int | None
    actor: str
    target_id: int | None
    target: str | None
    client_address: str | None
    details: dict[str, object]

    def to_json(self) -> dict[str, object]:
        """Return the event as the API sends it, with the time in ISO 8601 UTC."""
        return {
            "id": self.id,
            "time": datetime.fromtimestamp(self.occurred_at, UTC).isoformat(),
            "action": self.action,
            "actor_id": self.actor_id,
            "actor": self.actor,
            "target_id": self.target_id,
            "target": self.target,
            "client_address": self.client_address,
            "details": self.details,
        }


@dataclass(frozen=True)
class AuditQuery:
    """Filters of an audit listing, newest first.

    ``user_id`` matches the actor or the target. ``since`` and ``until`` are
    Unix seconds, ``since`` inclusive and ``until`` exclusive. ``before_id``
    pages: it returns only events older than that id.
    """

    user_id: int | None = None
    action: AuditAction | None = None
    since: float | None = None
    until: float | None = None
    before_id: int | None = None
    limit: int = 100
