"""The Prometheus listener: ``GET /metrics`` on its own address and port.

It runs in a thread of the ``serve`` process, apart from the API port, so
that a scraper needs no user account and the metrics can stay on a private
address. It adds up the values that every worker writes to the
multiprocess directory, and counts live sessions in the database.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry, make_wsgi_app
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy.exc import SQLAlchemyError

from brainframe_server.settings import Settings, SettingsError
from brainframe_server.store.sessions import SessionStore

logger = logging.getLogger(__name__)

METRICS_PATH = "/metrics"


class LiveSessionsCollector:
    """Reports the sessions that have neither idled out nor aged out."""

    def __init__(self, store: SessionStore, settings: Settings) -> None:
        self._store = store
        self._idle_timeout = settings.session_idle_timeout
        self._max_age = settings.session_max_age

    def collect(self):
        now = time.time()
        try:
            count = self._store.count_live(
                now - self._idle_timeout, now - self._max_age
            )
        except SQLAlchemyError as error:
            logger.warning("Counting live sessions failed: %s", type(error).__name__)
            return
        yield GaugeMetricFamily(
            "brainframe_sessions_live",
            "Sessions that are neither idle past the timeout nor past their age.",
            value=count,
        )


def start_metrics_listener(
    settings: Settings, multiprocess_directory: str, sessions: SessionStore
) -> WSGIServer:
    """Serve the metrics in a daemon thread; return the server to stop it.

    Raises:
        SettingsError: the address or port cannot be listened on.
    """
    assert settings.metrics_port is not None
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=multiprocess_directory)
    registry.register(LiveSessionsCollector(sessions, settings))
    try:
        server = make_server(
            settings.metrics_host,
            settings.metrics_port,
            _only_metrics(make_wsgi_app(registry)),
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
    except OSError as error:
        raise SettingsError(
            f"METRICS_HOST {settings.metrics_host!r} and METRICS_PORT "
            f"{settings.metrics_port} cannot be listened on: {error.strerror}"
        ) from None
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    logger.info(
        "Serving metrics on http://%s:%d%s",
        settings.metrics_host,
        settings.metrics_port,
        METRICS_PATH,
    )
    return server


def _only_metrics(metrics_app):
    def app(environ, start_response):
        if environ.get("PATH_INFO") != METRICS_PATH:
            return _error(
                start_response,
                "404 Not Found",
                "NotFoundError",
                "No route matches this path.",
            )
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _error(
                start_response,
                "405 Method Not Allowed",
                "MethodNotAllowedError",
                "Only GET is allowed on /metrics.",
            )
        return metrics_app(environ, start_response)

    return app


def _error(start_response, status: str, title: str, description: str):
    body = json.dumps({"title": title, "description": description}).encode()
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:
        pass
