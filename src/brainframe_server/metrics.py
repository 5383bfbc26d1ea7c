"""Prometheus metrics recorded by the server workers.

With several workers, ``serve`` sets ``PROMETHEUS_MULTIPROC_DIR`` before any
worker imports this module, so each worker writes its values to files there
and the metrics listener adds them up. Without it, values stay in memory.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REQUESTS = Counter(
    "brainframe_http_requests",
    "HTTP requests served, by method, route template and status code.",
    ["method", "route", "status"],
)
REQUEST_DURATION = Histogram(
    "brainframe_http_request_duration_seconds",
    "Time from receiving a request to sending its response, in seconds.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
LOGINS = Counter(
    "brainframe_logins",
    "Password logins, by outcome: success, failure or throttled.",
    ["outcome"],
)

# Route label of requests that matched no route, so that probes of random
# paths cannot create new time series.
UNMATCHED_ROUTE = "unmatched"

# Methods counted by name; any other is counted as "other", for the same reason.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

THROTTLED_STATUS = 429


# Looking up a labelled child costs more than counting with it, so the
# children are kept: routes and methods are few, and statuses too.
_request_children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
_LOGIN_CHILDREN = {
    outcome: LOGINS.labels(outcome) for outcome in ("success", "failure", "throttled")
}


def count_request(method: str, route: str | None, status: int, seconds: float) -> None:
    method_label = method if method in KNOWN_METHODS else "other"
    route_label = route or UNMATCHED_ROUTE
    key = (method_label, route_label, status)
    children = _request_children.get(key)
    if children is None:
        children = (
            REQUESTS.labels(method_label, route_label, str(status)),
            REQUEST_DURATION.labels(method_label, route_label),
        )
        _request_children[key] = children
    requests, duration = children
    requests.inc()
    duration.observe(seconds)


def count_login(status: int) -> None:
    """Count a login by the status it ended with: below 400 is a success."""
    if status < 400:
        outcome = "success"
    elif status == THROTTLED_STATUS:
        outcome = "throttled"
    else:
        outcome = "failure"
    _LOGIN_CHILDREN[outcome].inc()
