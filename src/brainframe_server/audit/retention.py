"""Deleting audit events past their retention, from a worker's own thread."""

from __future__ import annotations

import logging
import threading

from brainframe_server.audit.log import AuditLog

logger = logging.getLogger(__name__)

# Seconds between two deletions of old audit events.
RETENTION_INTERVAL = 3600.0


def start_retention(audit: AuditLog) -> threading.Event:
    """Delete old audit events now and every hour; set the event to stop.

    Each worker process runs its own thread. It must not run in the ``serve``
    process, which forks the workers: a thread inside SQLite at the moment of
    a fork leaves the child's copy of SQLite's locks held forever.
    """
    stop = threading.Event()

    def delete_periodically() -> None:
        while True:
            try:
                audit.delete_expired()
            except Exception:
                logger.exception("Deleting old audit events failed")
            if stop.wait(RETENTION_INTERVAL):
                return

    threading.Thread(
        target=delete_periodically, name="audit-retention", daemon=True
    ).start()
    return stop
