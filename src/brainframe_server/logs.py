"""Logging set-up shared by the command line and the server workers."""

from __future__ import annotations

import atexit
import contextvars
import json
import logging
import multiprocessing.util
import os
import queue
import select
import sys
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime

import orjson

# Logger of the one line per request, which AccessLog writes.
ACCESS_LOGGER = "brainframe_server.requests"

# Most access lines formatted at once, and how long, in seconds, the first
# line of a batch waits for others to join it.
ACCESS_LOG_BATCH = 4096
ACCESS_LOG_DELAY = 0.02

# Access lines that may wait for standard error. Beyond this, while a slow log
# reader holds up the writer, new lines are counted and dropped. At an
# estimated 200 bytes a line, the queue stays under about 20 MB.
ACCESS_LOG_MAX_QUEUED = 100_000

# Id of the request the current thread is serving, or None outside requests.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)


def text_line(
    created: float, level: str, name: str, message: str, request: str | None
) -> str:
    """Return a text log line: local time, level, logger, message, request id."""
    seconds = int(created)
    millis = int((created - seconds) * 1000)
    line = f"{_local_time(seconds)},{millis:03d} {level} {name}: {message}"
    return line if request is None else f"{line} [{request}]"


def json_line(
    created: float,
    level: str,
    name: str,
    message: str,
    request: str | None,
    exception: str | None = None,
) -> str:
    """Return a log line as one JSON object, with the time in UTC."""
    entry = {
        "time": datetime.fromtimestamp(created, UTC).isoformat(),
        "level": level,
        "logger": name,
        "message": message,
    }
    if request is not None:
        entry["request_id"] = request
    if exception is not None:
        entry["exception"] = exception
    try:
        return orjson.dumps(entry).decode()
    except orjson.JSONEncodeError:
        # orjson rejects a lone surrogate, so the json module escapes it instead.
        return json.dumps(entry)


_last_second: tuple[int, str] = (-1, "")


def _local_time(seconds: int) -> str:
    # Formatting the time is a large part of a line's cost, and a busy server
    # writes many lines within one second, so the last second's text is kept.
    global _last_second
    cached_second, text = _last_second
    if cached_second != seconds:
        text = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))
        _last_second = (seconds, text)
    return text


class JSONFormatter(logging.Formatter):
    """Formats each record as one JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        exception = self.formatException(record.exc_info) if record.exc_info else None
        return json_line(
            record.created,
            record.levelname,
            record.name,
            record.getMessage(),
            request_id.get(),
            exception,
        )


class TextFormatter(logging.Formatter):
    """Formats each record as one line of text, then any traceback below it."""

    def format(self, record: logging.LogRecord) -> str:
        line = text_line(
            record.created,
            record.levelname,
            record.name,
            record.getMessage(),
            request_id.get(),
        )
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line


class AccessLog:
    """Writes the one line per request of the ``brainframe_server.requests`` logger.

    Its lines read like the server's other log lines in the configured format
    and follow that logger's level. They skip the logging module: its records,
    handler lock and flush per line took about a fifth of a session request's
    time. A request only queues its values. One thread formats the
    waiting lines and writes them in pieces of whole lines of at most
    ``select.PIPE_BUF`` bytes, which a pipe takes in one piece, so the lines
    of workers that share standard error never interleave.

    An access line can land a few milliseconds after a line that the logging
    module wrote later. Lines still queued when the process exits are written
    then, for up to five seconds.
    """

    def __init__(self, log_format: str, descriptor: int | None = None) -> None:
        self._logger = logging.getLogger(ACCESS_LOGGER)
        self._line = json_line if log_format == "json" else text_line
        self._descriptor = sys.stderr.fileno() if descriptor is None else descriptor
        self._queue: queue.SimpleQueue[tuple | None] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._dropped = 0
        self._drop_lock = threading.Lock()

    def write(
        self, method: str, path: str, status: int, seconds: float, request: str
    ) -> None:
        """Log a served request: its method, path, status and duration.

        The method and path come from the client, so they pass through
        ``printable``. Headers, bodies and query strings are never logged.
        """
        if not self._logger.isEnabledFor(logging.INFO):
            return
        if self._writer is None:
            self._start()
        if self._queue.qsize() >= ACCESS_LOG_MAX_QUEUED:
            with self._drop_lock:
                self._dropped += 1
            return
        self._queue.put((time.time(), method, path, status, seconds, request))

    def close(self) -> None:
        """Write every queued line and stop the writer thread."""
        with self._start_lock:
            writer, self._writer = self._writer, None
        if writer is not None and writer.is_alive():
            self._queue.put(None)
            writer.join(timeout=5)

    def _start(self) -> None:
        with self._start_lock:
            if self._writer is not None:
                return
            self._writer = threading.Thread(
                target=self._write_queued, name="access-log", daemon=True
            )
            self._writer.start()
        # Server workers exit through multiprocessing, which runs its own exit
        # hooks and not those of atexit. A plain process runs atexit's hooks.
        atexit.register(self.close)
        multiprocessing.util.Finalize(self, self.close, exitpriority=0)

    def _write_queued(self) -> None:
        reported_drops = 0
        while True:
            batch = [self._queue.get()]
            # Waking this thread for every request would cost more than the
            # line it writes: lines gather for a moment, then go out together.
            time.sleep(ACCESS_LOG_DELAY)
            while len(batch) < ACCESS_LOG_BATCH and not self._queue.empty():
                batch.append(self._queue.get())
            self._write_lines(entry for entry in batch if entry is not None)
            dropped = self._dropped
            if dropped > reported_drops:
                self._logger.warning(
                    "Dropped %d request log lines because standard error "
                    "did not keep up",
                    dropped - reported_drops,
                )
                reported_drops = dropped
            if None in batch:
                return

    def _write_lines(self, entries: Iterable[tuple]) -> None:
        chunk: list[bytes] = []
        size = 0
        for entry in entries:
            line = self._format(entry).encode(errors="backslashreplace")
            if chunk and size + len(line) > select.PIPE_BUF:
                self._write(b"".join(chunk))
                chunk, size = [], 0
            chunk.append(line)
            size += len(line)
        if chunk:
            self._write(b"".join(chunk))

    def _format(self, entry: tuple) -> str:
        created, method, path, status, seconds, request = entry
        message = (
            f"{printable(method, 16)} {printable(path)} {status} {seconds * 1000:.1f}ms"
        )
        return self._line(created, "INFO", ACCESS_LOGGER, message, request) + "\n"

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._descriptor, view) :]
        except OSError:
            # Standard error is closed or its disk is full: the requests
            # themselves succeeded, and there is nowhere left to report it.
            pass


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
    formatter = JSONFormatter() if log_format == "json" else TextFormatter()
    for handler in root.handlers:
        handler.setFormatter(formatter)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def printable(text: str, limit: int = 200) -> str:
    """Return client-supplied ``text`` safe for one log line or audit field.

    Control and other non-printable characters become ``\\xNN`` escapes, so a
    client cannot forge log lines, and the result is cut to ``limit``
    characters.
    """
    if len(text) <= limit and text.isprintable():
        return text
    escaped = "".join(
        char if char.isprintable() else f"\\x{ord(char):02x}" for char in text
    )
    return escaped if len(escaped) <= limit else escaped[: limit - 3] + "..."
