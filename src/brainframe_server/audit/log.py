"""Recording and reading audit events; the users service and login call this."""

from __future__ import annotations

import logging
import time

from sqlalchemy import Connection

from brainframe_server.audit.model import (
    Actor,
    AuditAction,
    AuditEvent,
    AuditQuery,
    StoredAuditEvent,
)
from brainframe_server.logs import printable
from brainframe_server.store.audit import AuditStore, insert_events
from brainframe_server.store.users import Recorder
from brainframe_server.users.model import User

logger = logging.getLogger(__name__)

_DAY = 24 * 3600.0

# Status of the error that a throttled login raises (see auth/throttle.py);
# a rejection with this status is recorded as login.throttled.
THROTTLED_STATUS = 429


class AuditLog:
    """Builds audit events and stores them, and deletes those past retention."""

    def __init__(self, store: AuditStore, retention_days: int) -> None:
        self._store = store
        self._retention_days = retention_days

    def user_created(self, actor: Actor) -> Recorder:
        def record(connection: Connection, _before, after: User | None) -> None:
            assert after is not None
            event = _event(
                AuditAction.USER_CREATED, actor, after, role=after.role.value
            )
            insert_events(connection, [event])

        return record

    def user_updated(self, actor: Actor, password_changed: bool) -> Recorder:
        """Record an update, plus a password change and a role change if any."""

        def record(connection: Connection, before, after) -> None:
            insert_events(
                connection, _update_events(actor, before, after, password_changed)
            )

        return record

    def user_deleted(self, actor: Actor) -> Recorder:
        def record(connection: Connection, before: User | None, _after) -> None:
            assert before is not None
            insert_events(connection, [_event(AuditAction.USER_DELETED, actor, before)])

        return record

    def login_rejected(self, username: str, address: str | None, status: int) -> None:
        """Record a failed login, or a login rejected by throttling."""
        action = (
            AuditAction.LOGIN_THROTTLED
            if status == THROTTLED_STATUS
            else AuditAction.LOGIN_FAILED
        )
        actor = Actor(id=None, name="anonymous", address=address)
        # The name comes from the client: it may be long or hold characters
        # the database or a log reader cannot take.
        self._store.record(AuditEvent(action, actor, None, printable(username, 120)))

    def list(self, query: AuditQuery) -> list[StoredAuditEvent]:
        return self._store.list(query)

    def delete_expired(self, now: float | None = None) -> int:
        """Delete the events older than the retention; return how many."""
        if self._retention_days == 0:
            return 0
        now = time.time() if now is None else now
        removed = self._store.delete_before(now - self._retention_days * _DAY)
        if removed:
            logger.info("Deleted %d audit events past the retention", removed)
        return removed


def _update_events(
    actor: Actor, before: User | None, after: User | None, password_changed: bool
) -> list[AuditEvent]:
    assert before is not None
    assert after is not None
    changed = [
        name
        for name in ("username", "role")
        if getattr(before, name) != getattr(after, name)
    ]
    if password_changed:
        changed.append("password")
    events = [_event(AuditAction.USER_UPDATED, actor, after, changed=changed)]
    if password_changed:
        events.append(_event(AuditAction.PASSWORD_CHANGED, actor, after))
    if before.role != after.role:
        events.append(
            _event(
                AuditAction.ROLE_CHANGED,
                actor,
                after,
                old_role=before.role.value,
                new_role=after.role.value,
            )
        )
    return events


def _event(action: AuditAction, actor: Actor, user: User, **details) -> AuditEvent:
    return AuditEvent(action, actor, user.id, user.username, details)
