"""The web console: its page at ``/`` and its assets under ``/console/``.

The files are package data of ``brainframe_server.console``, read once when
the app is built. They carry no user data, so loading them needs no
authentication: the console logs in through the API like any client.
"""

from __future__ import annotations

from importlib import resources
from typing import ClassVar

import falcon

from brainframe_server.auth.permissions import Operation
from brainframe_server.errors import NotFoundError

# The console's policy: its own script, style sheet and API, nothing inline
# and nothing from another origin. API responses keep default-src 'none'.
CONSOLE_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)

PAGE_NAME = "index.html"

# Every file the console serves, by name, with its media type. A name not
# listed here is a 404, so no request path ever reaches the file system.
ASSET_TYPES = {
    "console.js": "text/javascript; charset=utf-8",
    "console.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}


def read_console_file(name: str) -> bytes:
    return resources.files("brainframe_server.console").joinpath(name).read_bytes()


class ConsolePageResource:
    operations: ClassVar[dict[str, Operation]] = {"GET": Operation.LOAD_CONSOLE}
    content_security_policy = CONSOLE_CONTENT_SECURITY_POLICY

    def __init__(self) -> None:
        self._page = read_console_file(PAGE_NAME)

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = "text/html; charset=utf-8"
        resp.data = self._page


class ConsoleAssetResource:
    operations: ClassVar[dict[str, Operation]] = {"GET": Operation.LOAD_CONSOLE}
    content_security_policy = CONSOLE_CONTENT_SECURITY_POLICY

    def __init__(self) -> None:
        self._assets = {name: read_console_file(name) for name in ASSET_TYPES}

    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        content = self._assets.get(name)
        if content is None:
            raise NotFoundError(f"The console has no file named {name!r}.")
        resp.content_type = ASSET_TYPES[name]
        resp.data = content
