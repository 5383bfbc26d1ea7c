"""Protection against cross-site request forgery (CSRF).

A browser sends the ``session_id`` cookie, and any Basic credentials it has
cached, with requests that a page of another origin makes. ``SameSite=Lax``
keeps the cookie from other sites, but pages on another port of the same host
are the same site. So a state-changing request that a browser marks as coming
from another origin is rejected, whatever its credentials. Clients that are
not browsers, such as the Python clients, send neither ``Origin`` nor
``Sec-Fetch-Site`` and are not affected.
"""

from __future__ import annotations

import logging
from urllib.parse import SplitResult, urlsplit

import falcon

from brainframe_server.errors import CrossOriginRequestError

logger = logging.getLogger(__name__)

STATE_CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# Sec-Fetch-Site values of requests that no other origin started: "none" is
# a request the user made, such as a bookmark.
_TRUSTED_FETCH_SITES = frozenset({"same-origin", "none"})


# Ports that a URL or a Host header may leave out: http's and https's.
_DEFAULT_PORTS = frozenset({80, 443})


class CSRFMiddleware:
    """Rejects state-changing requests that a browser sent from another origin."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.method not in STATE_CHANGING_METHODS:
            return
        reason = cross_origin_reason(req)
        if reason is None:
            return
        logger.warning("Rejected %s %s: %s", req.method, req.path, reason)
        raise CrossOriginRequestError(
            f"The {req.method} request was rejected because {reason}. Send it "
            "from a page of this server, or from a client that is not a browser."
        )


def cross_origin_reason(req: falcon.Request) -> str | None:
    """Return why ``req`` counts as cross-origin, or None when it does not.

    ``Origin`` is compared with the Host header by host and port only. One
    port serves one scheme, so this stays correct behind a proxy that ends
    TLS and keeps the Host header.
    """
    origin = req.get_header("Origin")
    if origin is not None:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return f"its Origin {origin!r} is not this server's"
        if _host_and_port(parts) != _host_and_port(urlsplit(f"//{req.netloc}")):
            return f"its Origin {origin!r} is not this server's"
        return None
    fetch_site = req.get_header("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in _TRUSTED_FETCH_SITES:
        return f"its Sec-Fetch-Site is {fetch_site!r}"
    return None


def _host_and_port(parts: SplitResult) -> tuple[str | None, int | None]:
    """Return the host and port of a URL, with no port for 80 and 443."""
    try:
        port = parts.port
    except ValueError:
        return None, None
    if port in _DEFAULT_PORTS:
        port = None
    return parts.hostname, port
