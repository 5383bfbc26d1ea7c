"""Request middleware: logging, authentication with authorization, and headers."""

from __future__ import annotations

import time

import falcon

from brainframe_server.auth.authenticator import Authenticator
from brainframe_server.auth.caller import Caller
from brainframe_server.auth.permissions import Operation, authorize
from brainframe_server.auth.sessions import COOKIE_NAME
from brainframe_server.logs import log_request

# Headers set on every response: nothing the API returns may be cached,
# framed or sniffed as another content type.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


class RequestLogMiddleware:
    """Logs one line per request: method, path, status and duration.

    Headers, bodies and query strings are never logged, because they can
    carry passwords and session ids.
    """

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.started = time.perf_counter()

    def process_response(self, req, resp, resource, req_succeeded) -> None:
        elapsed_ms = (time.perf_counter() - req.context.started) * 1000
        log_request(req.method, req.path, resp.status_code, elapsed_ms)


class SecurityHeadersMiddleware:
    def process_response(self, req, resp, resource, req_succeeded) -> None:
        resp.set_headers(SECURITY_HEADERS)


class AuthMiddleware:
    """Authenticates every routed request, then checks the route's operation."""

    def __init__(self, authenticator: Authenticator, secure_cookie: bool) -> None:
        self._authenticator = authenticator
        self._secure_cookie = secure_cookie

    def process_resource(self, req, resp, resource, params) -> None:
        if resource is None:
            return
        operation = operation_of(resource, req.method)
        if operation is None:
            return
        token = _session_cookie(req)
        caller = self._authenticator.authenticate(
            req.get_header("Authorization"), token
        )
        req.context.caller = caller
        authorize(caller.role, operation)

    def process_response(self, req, resp, resource, req_succeeded) -> None:
        caller: Caller | None = getattr(req.context, "caller", None)
        if caller is None or caller.credential_version is None:
            return
        if not req_succeeded or resp.status_code >= 400:
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
    resource does not declare is left to the router, which answers 405.
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
