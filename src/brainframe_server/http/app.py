"""Builds the WSGI application from the settings."""

from __future__ import annotations

import falcon
import falcon.media
import orjson

from brainframe_server.auth.authenticator import Authenticator
from brainframe_server.auth.credential_cache import CredentialCache
from brainframe_server.auth.login import PasswordLogin
from brainframe_server.auth.sessions import SessionManager
from brainframe_server.http.error_handlers import install_error_handlers
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
from brainframe_server.logs import configure_worker_logging
from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import Settings, load_settings
from brainframe_server.store.database import Database, parse_database_url
from brainframe_server.store.sessions import SessionStore
from brainframe_server.store.users import UserStore
from brainframe_server.users.service import UserService


def create_app(settings: Settings) -> falcon.App:
    """Wire the stores, services and routes for ``settings``.

    The database must already be migrated: start-up work stays out of here,
    because every worker process calls this.
    """
    database = Database(parse_database_url(settings.database_url))
    hasher = PasswordHasher(settings)
    user_store = UserStore(database)
    users = UserService(user_store, hasher, settings)
    authenticator = Authenticator(
        settings.authorize_clients,
        PasswordLogin(user_store, hasher, settings.password_max_length),
        SessionManager(SessionStore(database), settings),
        CredentialCache(user_store),
    )
    app = falcon.App(
        middleware=[
            RequestLogMiddleware(),
            SecurityHeadersMiddleware(),
            AuthMiddleware(authenticator, settings.cookie_secure),
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
    return app


def create_app_from_environment() -> falcon.App:
    """Entry point for server worker processes, which get settings by environment."""
    settings = load_settings()
    configure_worker_logging(settings.log_level)
    return create_app(settings)
