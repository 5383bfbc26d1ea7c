"""Logging set-up shared by the command line and the server workers."""

from __future__ import annotations

import atexit
import logging
import logging.handlers
import queue

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str) -> None:
    """Send the server's log lines to standard error at ``level``."""
    root = logging.getLogger("brainframe_server")
    root.setLevel(level)
    if not root.handlers:
        root.addHandler(_stderr_handler())
        root.propagate = False
    logging.getLogger("alembic").setLevel(logging.WARNING)


def configure_worker_logging(level: str) -> None:
    """Log like ``configure_logging``, but write from a background thread.

    Request threads only put records on a queue, so that they never wait for
    one another on the handler's lock or on a slow standard error. The
    listener writes what is left in the queue when the process exits.
    """
    root = logging.getLogger("brainframe_server")
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    listener = logging.handlers.QueueListener(records, _stderr_handler())
    listener.start()
    atexit.register(listener.stop)
    root.addHandler(logging.handlers.QueueHandler(records))
    root.propagate = False
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _stderr_handler() -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler
