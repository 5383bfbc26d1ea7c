"""Request middleware: logging, authentication with authorization, and headers."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence

import falcon

from brainframe_server import metrics
from brainframe_server.auth.authenticator import Authenticator
from brainframe_server.auth.caller import Caller
from brainframe_server.auth.permissions import Operation, authorize, needs_credentials
from brainframe_server.auth.sessions import COOKIE_NAME
from brainframe_server.http.client_address import Network, client_address
from brainframe_server.logs import AccessLog, request_id

REQUEST_ID_HEADER = "X-Request-ID"

# An incoming request id is kept only when it is this safe to log and echo.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

# Headers set on every response: nothing the API returns may be cached,
# framed or sniffed as another content type. A resource may replace some of
# them for its response through ``resp.context.security_headers``.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


class RequestLogMiddleware:
    """Gives each request an id, logs one line per request and counts it.

    The line has the method, path, status and duration. Headers, bodies and
    query strings are never logged, because they can carry passwords and
    session ids.
    """

    def __init__(self, access_log: AccessLog, count_metrics: bool) -> None:
        self._access_log = access_log
        self._count_metrics = count_metrics

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.started = time.perf_counter()
        req.context.request_id = _request_id(req.get_header(REQUEST_ID_HEADER))
        req.context.request_id_token = request_id.set(req.context.request_id)

    def process_response(self, req, resp, resource, req_succeeded) -> None:
        elapsed = time.perf_counter() - req.context.started
        resp.set_header(REQUEST_ID_HEADER, req.context.request_id)
        self._access_log.write(
            req.method, req.path, resp.status_code, elapsed, req.context.request_id
        )
        if self._count_metrics:
            route = req.uri_template if resource is not None else None
            metrics.count_request(req.method, route, resp.status_code, elapsed)
        request_id.reset(req.context.request_id_token)


def _request_id(incoming: str | None) -> str:
    if incoming is not None and _SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return os.urandom(16).hex()


class SecurityHeadersMiddleware:
    """Sets ``SECURITY_HEADERS`` on every response.

    A resource may widen the content security policy for its own responses,
    as the console's page does, with a ``content_security_policy`` attribute.
    """

    def process_response(self, req, resp, resource, req_succeeded) -> None:
        replaced = getattr(resp.context, "security_headers", None)
        if replaced is None:
            resp.set_headers(SECURITY_HEADERS)
        else:
            resp.set_headers({**SECURITY_HEADERS, **replaced})
        policy = getattr(resource, "content_security_policy", None)
        if policy is not None:
            resp.set_header("Content-Security-Policy", policy)


class AuthMiddleware:
    """Authenticates every routed request, then checks the route's operation."""

    def __init__(
        self,
        authenticator: Authenticator,
        secure_cookie: bool,
        trusted_proxies: Sequence[Network] = (),
    ) -> None:
        self._authenticator = authenticator
        self._secure_cookie = secure_cookie
        self._trusted_proxies = tuple(trusted_proxies)

    def process_resource(self, req, resp, resource, params) -> None:
        if resource is None:
            return
        operation = operation_of(resource, req.method)
        if operation is None or not needs_credentials(operation):
            return
        token = _session_cookie(req)
        authorization = req.get_header("Authorization")
        address = client_address(req, self._trusted_proxies)
        caller = self._authenticator.authenticate(authorization, token, address)
        req.context.caller = caller
        authorize(caller, operation, params.get("user_id"))

    def process_response(self, req, resp, resource, req_succeeded) -> None:
        caller: Caller | None = getattr(req.context, "caller", None)
        if caller is None or caller.credential_version is None:
            return
        if not req_succeeded or resp.status_code >= 400:
            return
        if not getattr(req.context, "open_session", True):
            return
        if caller.reused_login and not getattr(resource, "starts_sessions", False):
            return
        token = self._authenticator.open_session(caller)
        if token is not None:
            resp.set_cookie(
                COOKIE_NAME,
                token,
                path="/",
                secure=self._secure_cookie,
                http_only=True,
                same_site="Lax",
            )


def operation_of(resource: object, method: str) -> Operation | None:
    """Return the operation a resource declares for a method.

    OPTIONS is authenticated like the resource's read operation; a method the
    resource does not declare is left to the router, which returns 405.
    """
    operations: dict[str, Operation] = getattr(resource, "operations", {})
    if method == "OPTIONS":
        return operations.get("GET") or next(iter(operations.values()), None)
    return operations.get(method)


def _session_cookie(req: falcon.Request) -> str | None:
    values = req.get_cookie_values(COOKIE_NAME)
    if values is None:
        return None
    return values[0]
