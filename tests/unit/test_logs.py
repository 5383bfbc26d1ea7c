"""Log lines: the access log's batches, both formats, and escaping."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import select
import socket
import threading

import pytest

from brainframe_server import logs
from brainframe_server.logs import (
    ACCESS_LOGGER,
    AccessLog,
    JSONFormatter,
    TextFormatter,
    printable,
    request_id,
)

TEXT_LINE = re.compile(
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO brainframe_server\.requests: "
    r"GET /api/users/7 200 1\.5ms \[abc\]"
)


@pytest.fixture
def access_level():
    logger = logging.getLogger(ACCESS_LOGGER)
    before = logger.level
    logger.setLevel(logging.INFO)
    yield logger
    logger.setLevel(before)


@pytest.fixture
def log_file(tmp_path):
    return tmp_path / "access.log"


def write_lines(log_format: str, entries: list[tuple], path) -> list[str]:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        log = AccessLog(log_format, descriptor=descriptor)
        for entry in entries:
            log.write(*entry)
        log.close()
    finally:
        os.close(descriptor)
    return path.read_text().splitlines()


def test_text_access_line(access_level, log_file):
    [line] = write_lines(
        "text", [("GET", "/api/users/7", 200, 0.0015, "abc")], log_file
    )
    assert TEXT_LINE.fullmatch(line)


def test_json_access_line(access_level, log_file):
    [line] = write_lines(
        "json", [("DELETE", "/api/users/7", 404, 0.002, "abc")], log_file
    )
    entry = json.loads(line)
    assert entry["message"] == "DELETE /api/users/7 404 2.0ms"
    assert entry["level"] == "INFO"
    assert entry["logger"] == ACCESS_LOGGER
    assert entry["request_id"] == "abc"
    assert entry["time"].endswith("+00:00")


def test_close_writes_lines_in_order(access_level, log_file):
    entries = [("GET", f"/api/users/{n}", 200, 0.001, f"r{n}") for n in range(2000)]
    lines = write_lines("text", entries, log_file)
    assert [line.rsplit("[", 1)[1] for line in lines] == [f"r{n}]" for n in range(2000)]


def test_client_text_is_escaped(access_level, log_file):
    [line] = write_lines(
        "text", [("G\nET", "/a\r\nFAKE\x1b[31m", 404, 0.0, "abc")], log_file
    )
    assert "G\\x0aET /a\\x0d\\x0aFAKE\\x1b[31m 404" in line


def test_lone_surrogate_in_json_line(access_level, log_file):
    [line] = write_lines("json", [("GET", "/\udcff", 404, 0.0, "abc")], log_file)
    assert json.loads(line)["message"] == "GET /\\xdcff 404 0.0ms"


def test_warning_level_writes_nothing(log_file):
    logger = logging.getLogger(ACCESS_LOGGER)
    before = logger.level
    logger.setLevel(logging.WARNING)
    try:
        assert write_lines("text", [("GET", "/", 200, 0.0, "abc")], log_file) == []
    finally:
        logger.setLevel(before)


def test_formatters_match_access_lines():
    record = logging.LogRecord(
        ACCESS_LOGGER, logging.INFO, __file__, 1, "GET %s 200 1.5ms", ("/x",), None
    )
    token = request_id.set("abc")
    try:
        text = TextFormatter().format(record)
        entry = json.loads(JSONFormatter().format(record))
    finally:
        request_id.reset(token)
    assert text.endswith("INFO brainframe_server.requests: GET /x 200 1.5ms [abc]")
    assert entry["message"] == "GET /x 200 1.5ms"
    assert entry["request_id"] == "abc"


def test_formatters_add_the_traceback():
    try:
        raise ValueError("broken")
    except ValueError as error:
        record = logging.LogRecord(
            "brainframe_server", logging.ERROR, __file__, 1, "failed", (), None
        )
        record.exc_info = (ValueError, error, error.__traceback__)
    assert "ValueError: broken" in TextFormatter().format(record)
    assert (
        "ValueError: broken" in json.loads(JSONFormatter().format(record))["exception"]
    )


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("/api/users", 200, "/api/users"),
        ("/é/ü", 200, "/é/ü"),
        ("a\tb", 200, "a\\x09b"),
        ("x" * 10, 8, "xxxxx..."),
        ("\x00" * 10, 8, "\\x00\\..."),
    ],
)
def test_printable(text, limit, expected):
    assert printable(text, limit) == expected


def test_writes_fit_pipe_buf(access_level):
    # A SOCK_SEQPACKET socket keeps the boundaries of each write().
    receiver, sender = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    with receiver, sender:
        log = AccessLog("json", descriptor=sender.fileno())
        for number in range(300):
            log.write("GET", "/api/users/" + "x" * 150, 200, 0.001, f"r{number}")
        log.close()
        receiver.settimeout(0)
        writes = []
        with contextlib.suppress(BlockingIOError):
            while True:
                writes.append(receiver.recv(65536))
    assert len(writes) > 1
    assert all(len(data) <= select.PIPE_BUF for data in writes)
    assert all(data.endswith(b"\n") for data in writes)
    lines = b"".join(writes).decode().splitlines()
    assert [json.loads(line)["request_id"] for line in lines] == [
        f"r{number}" for number in range(300)
    ]


def test_queue_overflow_counts_drops(access_level, monkeypatch, caplog):
    monkeypatch.setattr(logs, "ACCESS_LOG_MAX_QUEUED", 10)
    reader, writer = os.pipe()
    try:
        # Fill the pipe so that the writer thread blocks on its first write.
        os.set_blocking(writer, False)
        with contextlib.suppress(BlockingIOError):
            while True:
                os.write(writer, b"." * 4096)
        os.set_blocking(writer, True)
        log = AccessLog("text", descriptor=writer)
        for number in range(200):
            log.write("GET", "/", 200, 0.0, f"r{number}")
        drained = threading.Thread(target=_drain, args=(reader,))
        drained.start()
        with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
            log.close()
        os.close(writer)
        drained.join(timeout=10)
    finally:
        with contextlib.suppress(OSError):
            os.close(writer)
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    dropped = int(warning.getMessage().split()[1])
    assert 150 <= dropped <= 190


def _drain(descriptor: int) -> None:
    with os.fdopen(descriptor, "rb") as stream:
        while stream.read(65536):
            pass
