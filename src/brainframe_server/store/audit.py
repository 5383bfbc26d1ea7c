"""SQL for the audit log."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable

from sqlalchemy import Connection, Row, delete, insert, or_, select

from brainframe_server.audit.model import AuditEvent, AuditQuery, StoredAuditEvent
from brainframe_server.store.database import Database
from brainframe_server.store.schema import audit_events

# Maximum length of text kept from a client, such as a username tried at login.
MAX_TEXT_LENGTH = 128


def insert_events(connection: Connection, events: Iterable[AuditEvent]) -> None:
    """Insert events inside a transaction the caller runs, such as a user change."""
    now = time.time()
    rows = [_row(event, now) for event in events]
    if rows:
        connection.execute(insert(audit_events), rows)


class AuditStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    def record(self, event: AuditEvent) -> None:
        self._db.write(lambda connection: insert_events(connection, [event]))

    def list(self, query: AuditQuery) -> list[StoredAuditEvent]:
        statement = _filtered(query).order_by(audit_events.c.id.desc())
        with self._db.reading() as connection:
            rows = connection.execute(statement.limit(query.limit))
            return [_to_event(row) for row in rows]

    def delete_before(self, cutoff: float) -> int:
        statement = delete(audit_events).where(audit_events.c.occurred_at < cutoff)
        return self._db.write(lambda c: c.execute(statement).rowcount)


def _filtered(query: AuditQuery):
    statement = select(audit_events)
    column = audit_events.c
    if query.user_id is not None:
        statement = statement.where(
            or_(column.actor_id == query.user_id, column.target_id == query.user_id)
        )
    if query.action is not None:
        statement = statement.where(column.action == query.action.value)
    if query.since is not None:
        statement = statement.where(column.occurred_at >= query.since)
    if query.until is not None:
        statement = statement.where(column.occurred_at < query.until)
    if query.before_id is not None:
        statement = statement.where(column.id < query.before_id)
    return statement


def _row(event: AuditEvent, now: float) -> dict[str, object]:
    return {
        "occurred_at": now,
        "action": event.action.value,
        "actor_id": event.actor.id,
        "actor": _clip(event.actor.name),
        "target_id": event.target_id,
        "target": None if event.target is None else _clip(event.target),
        "client_address": event.actor.address,
        "details": json.dumps(event.details) if event.details else None,
    }


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT_LENGTH else text[: MAX_TEXT_LENGTH - 3] + "..."


def _to_event(row: Row) -> StoredAuditEvent:
    return StoredAuditEvent(
        id=row.id,
        occurred_at=row.occurred_at,
        action=row.action,
        actor_id=row.actor_id,
        actor=row.actor,
        target_id=row.target_id,
        target=row.target,
        client_address=row.client_address,
        details=json.loads(row.details) if row.details else {},
    )
