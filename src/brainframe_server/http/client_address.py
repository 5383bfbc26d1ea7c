"""The address of the client, seen through trusted reverse proxies only."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import falcon

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(req: falcon.Request, trusted: Sequence[Network]) -> str:
    """Return the address of the client that made ``req``.

    ``X-Forwarded-For`` is read only when the connection comes from a trusted
    proxy, and then from the right: the first address that is not a trusted
    proxy is the client, because anything left of it may be forged.
    """
    peer = req.remote_addr or ""
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    forwarded = req.get_header("X-Forwarded-For") or ""
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_valid(hop):
            return peer
        if not _is_trusted(hop, trusted):
            return hop
    return peer


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def _is_valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True
