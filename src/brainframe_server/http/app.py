"""Builds the WSGI application from the settings."""

from __future__ import annotations

import falcon
import falcon.media
import orjson

from brainframe_server.audit.log import AuditLog
from brainframe_server.audit.retention import start_retention
from brainframe_server.auth.authenticator import Authenticator
from brainframe_server.auth.credential_cache import CredentialCache
from brainframe_server.auth.login import PasswordLogin
from brainframe_server.auth.sessions import SessionManager
from brainframe_server.auth.throttle import LoginThrottle
from brainframe_server.http.audit import AuditResource
from brainframe_server.http.console_resources import (
    ConsoleAssetResource,
    ConsolePageResource,
)
from brainframe_server.http.csrf import CSRFMiddleware
from brainframe_server.http.docs import (
    DocsAssetResource,
    DocsPageResource,
    OpenAPIResource,
)
from brainframe_server.http.error_handlers import install_error_handlers
from brainframe_server.http.health import LiveResource, ReadyResource
from brainframe_server.http.middleware import (
    AuthMiddleware,
    RequestLogMiddleware,
    SecurityHeadersMiddleware,
)
from brainframe_server.http.resources import (
    UserResource,
    UsersResource,
    VersionResource,
)
from brainframe_server.http.session_resources import (
    CurrentSessionResource,
    UserSessionResource,
    UserSessionsResource,
)
from brainframe_server.logs import AccessLog, configure_logging
from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import Settings, load_settings
from brainframe_server.store.audit import AuditStore
from brainframe_server.store.database import open_database
from brainframe_server.store.sessions import SessionStore
from brainframe_server.store.throttle import ThrottleStore
from brainframe_server.store.users import UserStore
from brainframe_server.users.service import UserService


def create_app(settings: Settings, retention: bool = False) -> falcon.App:
    """Wire the stores, services and routes for ``settings``.

    The database must already be migrated: start-up work stays out of here,
    because every worker process calls this. ``retention`` starts the thread
    that deletes old audit events, which worker processes run.
    """
    database = open_database(settings)
    hasher = PasswordHasher(settings)
    user_store = UserStore(database)
    audit = AuditLog(AuditStore(database), settings.audit_retention_days)
    users = UserService(user_store, hasher, settings, audit)
    if retention:
        start_retention(audit)
    sessions = SessionManager(SessionStore(database), settings)
    authenticator = Authenticator(
        settings.authorize_clients,
        PasswordLogin(user_store, hasher, settings.password_max_length, audit),
        sessions,
        LoginThrottle(ThrottleStore(database), settings),
        CredentialCache(user_store),
    )
    app = falcon.App(
        middleware=[
            RequestLogMiddleware(
                AccessLog(settings.log_format),
                count_metrics=settings.metrics_port is not None,
            ),
            SecurityHeadersMiddleware(),
            CSRFMiddleware(),
            AuthMiddleware(
                authenticator,
                settings.cookie_secure,
                settings.trusted_proxy_networks,
            ),
        ]
    )
    app.req_options.strip_url_path_trailing_slash = False
    # orjson encodes a user in about a tenth of the time the json module takes.
    json_handler = falcon.media.JSONHandler(dumps=orjson.dumps)
    app.resp_options.media_handlers[falcon.MEDIA_JSON] = json_handler
    install_error_handlers(app)
    app.add_route("/api/version", VersionResource())
    app.add_route("/api/users", UsersResource(users, settings.max_body_size))
    app.add_route("/api/users/{user_id}", UserResource(users))
    app.add_route(
        "/api/sessions/current",
        CurrentSessionResource(users, sessions, settings.authorize_clients),
    )
    app.add_route(
        "/api/users/{user_id}/sessions", UserSessionsResource(users, sessions)
    )
    app.add_route(
        "/api/users/{user_id}/sessions/{session_id}",
        UserSessionResource(users, sessions),
    )
    app.add_route("/api/audit", AuditResource(audit))
    app.add_route("/health/live", LiveResource())
    app.add_route("/health/ready", ReadyResource(database))
    app.add_route("/api/openapi.json", OpenAPIResource())
    app.add_route("/api/docs", DocsPageResource())
    app.add_route("/api/docs/{asset}", DocsAssetResource())
    app.add_route("/", ConsolePageResource())
    app.add_route("/console/{name}", ConsoleAssetResource())
    return app


def create_app_from_environment() -> falcon.App:
    """Entry point for server worker processes, which get settings by environment.

    The ``serve`` command has already merged flags and files into the
    environment, so workers read no files.
    """
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings, retention=True)
