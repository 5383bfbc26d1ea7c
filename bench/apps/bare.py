"""A bare ASGI app, with no framework, that returns one user as JSON.

It is the ceiling the users server is measured against: the same response
body, with no routing, authentication or database work.
"""

from __future__ import annotations

import json

# The same bytes as the users server sends: compact JSON, keys in this order.
BODY = json.dumps(
    {"id": 1, "username": "admin", "password": None, "role": "admin"},
    separators=(",", ":"),
).encode()
HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(BODY)).encode()),
]


async def app(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
