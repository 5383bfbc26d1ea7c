"""Logging set-up shared by the command line and the server workers."""

from __future__ import annotations

import contextvars
import json
import logging
from datetime import UTC, datetime

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# Id of the request the current thread is serving, or None outside requests.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)


class JSONFormatter(logging.Formatter):
    """Formats each record as one JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current_request = request_id.get()
        if current_request is not None:
            entry["request_id"] = current_request
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        current_request = request_id.get()
        return line if current_request is None else f"{line} [{current_request}]"


def configure_logging(level: str, log_format: str = "text") -> None:
    """Send the server's log lines to standard error at ``level``.

    ``log_format`` is ``text`` or ``json``; either way a line logged while
    serving a request carries that request's id.
    """
    root = logging.getLogger("brainframe_server")
    root.setLevel(level)
    if not root.handlers:
        handler = logging.StreamHandler()
        root.addHandler(handler)
        root.propagate = False
    formatter = JSONFormatter() if log_format == "json" else _TextFormatter(LOG_FORMAT)
    for handler in root.handlers:
        handler.setFormatter(formatter)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def printable(text: str, limit: int = 200) -> str:
    """Return client-supplied ``text`` safe for one log line or audit field.

    Control and other non-printable characters become ``\\xNN`` escapes, so a
    client cannot forge log lines, and the result is cut to ``limit``
    characters.
    """
    escaped = "".join(
        char if char.isprintable() else f"\\x{ord(char):02x}" for char in text
    )
    return escaped if len(escaped) <= limit else escaped[: limit - 3] + "..."
