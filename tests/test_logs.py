"""Request log lines written without a log record."""

from __future__ import annotations

import logging

from brainframe_server.logs import LOG_FORMAT, REQUEST_LOGGER, _CachedTimeFormatter


def test_request_line_matches_log_format():
    formatter = _CachedTimeFormatter(LOG_FORMAT)
    record = logging.LogRecord(
        REQUEST_LOGGER,
        logging.INFO,
        "(unknown file)",
        0,
        "%s %s %s %.1fms",
        ("GET", "/api/users/7", 200, 1.25),
        None,
    )
    expected = logging.Formatter(LOG_FORMAT).format(record)
    line = formatter.format_request(record.created, "GET", "/api/users/7", 200, 1.25)
    assert line == expected
    assert formatter.format(record) == expected
