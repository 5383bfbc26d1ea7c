"""``GET /api/audit``: the audit log, newest first, for admins."""

from __future__ import annotations

from typing import ClassVar

import falcon

from brainframe_server.audit.log import AuditLog
from brainframe_server.audit.query import parse_audit_query
from brainframe_server.auth.permissions import Operation
from brainframe_server.errors import InvalidFormatError


class AuditResource:
    operations: ClassVar[dict[str, Operation]] = {"GET": Operation.READ_AUDIT}

    def __init__(self, audit: AuditLog) -> None:
        self._audit = audit

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        query = parse_audit_query(_single_values(req))
        events = self._audit.list(query)
        full_page = len(events) == query.limit
        resp.media = {
            "events": [event.to_json() for event in events],
            "next_before": events[-1].id if full_page else None,
        }


def _single_values(req: falcon.Request) -> dict[str, str]:
    params = {}
    for name, value in req.params.items():
        if isinstance(value, list):
            raise InvalidFormatError(f"The filter {name!r} is given more than once.")
        params[name] = value
    return params
