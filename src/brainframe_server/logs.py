"""Logging set-up shared by the command line and the server workers."""

from __future__ import annotations

import atexit
import logging
import logging.handlers
import queue
import sys
import threading
import time

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

REQUEST_LOGGER = "brainframe_server.requests"

_request_logger = logging.getLogger(REQUEST_LOGGER)

# Set in worker processes: the queue that the writer thread reads request
# lines and other records from.
_queue: queue.SimpleQueue | None = None


def log_request(method: str, path: str, status: int, elapsed_ms: float) -> None:
    """Log one request at INFO on ``REQUEST_LOGGER``.

    In a worker, the values go straight to the writer thread, which writes
    the same line the logger would, because a log record costs several
    times more than the rest of the line's work.
    """
    if not _request_logger.isEnabledFor(logging.INFO):
        return
    if _queue is None:
        _request_logger.info("%s %s %s %.1fms", method, path, status, elapsed_ms)
    else:
        _queue.put((time.time(), method, path, status, elapsed_ms))


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


def configure_worker_logging(level: str) -> None:
    """Log like ``configure_logging``, but format and write on another thread.

    A worker logs a line per request, so the request thread only puts the
    record, or the values of a ``log_request`` line, on a queue. A writer
    thread formats what has queued up and writes it to standard error in one
    call, and writes what is left when the process exits. The log format has
    no thread, process or source line fields, so records skip looking them up.
    """
    global _queue
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    # Documented in the logging HOWTO's "Optimization" section: with no
    # source file, a record skips the stack walk that finds its caller.
    logging._srcfile = None
    root = logging.getLogger("brainframe_server")
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    records: queue.SimpleQueue = queue.SimpleQueue()
    writer = _BatchWriter(records, _CachedTimeFormatter(LOG_FORMAT))
    writer.start()
    atexit.register(writer.stop)
    root.addHandler(_RecordQueueHandler(records))
    root.propagate = False
    _queue = records
    logging.getLogger("alembic").setLevel(logging.WARNING)


class _RecordQueueHandler(logging.handlers.QueueHandler):
    """Queues the record itself, and the writer thread merges its arguments.

    The standard ``prepare`` formats and copies every record on the calling
    thread. Records stay in this process, so that work can wait for the writer.
    NOTE: a log call must not pass an argument that changes after the call,
    because it is formatted later on the writer thread.
    """

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return record


class _CachedTimeFormatter(logging.Formatter):
    """Formats ``asctime`` as the default formatter does, once per second."""

    def __init__(self, fmt: str) -> None:
        super().__init__(fmt)
        self._second = -1
        self._second_text = ""

    def formatTime(self, record: logging.LogRecord, datefmt=None) -> str:
        return self.format_created(record.created, record.msecs)

    def format_created(self, created: float, msecs: float) -> str:
        second = int(created)
        if second != self._second:
            self._second = second
            self._second_text = time.strftime(
                "%Y-%m-%d %H:%M:%S", self.converter(second)
            )
        return f"{self._second_text},{int(msecs):03d}"

    def format_request(
        self, created: float, method: str, path: str, status: int, elapsed_ms: float
    ) -> str:
        """Format a ``log_request`` line as ``LOG_FORMAT`` formats its record."""
        msecs = (created - int(created)) * 1000
        asctime = self.format_created(created, msecs)
        message = f"{method} {path} {status} {elapsed_ms:.1f}ms"
        return f"{asctime} INFO {REQUEST_LOGGER}: {message}"


class _BatchWriter:
    """Writes queued records to standard error, many lines per write."""

    def __init__(
        self, records: queue.SimpleQueue, formatter: _CachedTimeFormatter
    ) -> None:
        self._records = records
        self._formatter = formatter
        self._thread = threading.Thread(
            target=self._run, name="log-writer", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._records.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            batch = [self._records.get()]
            while len(batch) < 1000:
                try:
                    batch.append(self._records.get_nowait())
                except queue.Empty:
                    break
            lines = [self._format(r) for r in batch if r is not None]
            if lines:
                sys.stderr.write("".join(lines))
                sys.stderr.flush()
            if None in batch:
                return

    def _format(self, record: logging.LogRecord | tuple) -> str:
        try:
            if isinstance(record, tuple):
                return self._formatter.format_request(*record) + "\n"
            return self._formatter.format(record) + "\n"
        except Exception:  # a record that fails to format must not stop the writer
            return f"Could not format a log record: {record!r}\n"
