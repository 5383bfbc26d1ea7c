"""Logging set-up shared by the command line and the server workers."""

from __future__ import annotations

import logging

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str) -> None:
    """Send the server's log lines to standard error at ``level``."""
    root = logging.getLogger("brainframe_server")
    root.setLevel(level)
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(handler)
        root.propagate = False
    logging.getLogger("alembic").setLevel(logging.WARNING)
