"""Log lines: the access log's batches, both formats, and escaping."""

from __future__ import annotations

import json
import logging
import os
import re

import pytest

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


def test_close_writes_every_queued_line_in_order(access_level, log_file):
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


def test_nothing_is_written_below_the_loggers_level(log_file):
    logger = logging.getLogger(ACCESS_LOGGER)
    before = logger.level
    logger.setLevel(logging.WARNING)
    try:
        assert write_lines("text", [("GET", "/", 200, 0.0, "abc")], log_file) == []
    finally:
        logger.setLevel(before)


def test_formatters_give_the_access_log_shape():
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
