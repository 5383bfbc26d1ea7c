"""The API description and the Swagger UI page, served without internet access.

Swagger UI's files come from the installed ``swagger-ui-py`` package, which
bundles Swagger UI 5, the first major version that renders OpenAPI 3.1.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import ClassVar

import falcon

from brainframe_server.auth.permissions import Operation
from brainframe_server.errors import NotFoundError
from brainframe_server.http.openapi import build_description

DOCS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>BrainFrame users server API</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
"""

# Kept apart from the page, because the page's policy allows no inline script.
INIT_SCRIPT = """window.ui = SwaggerUIBundle({
  url: "openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true
});
"""

# Swagger UI sets inline style attributes, so styles may be inline; scripts
# and everything else still come only from this server.
DOCS_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
    ),
}

# Files of the Swagger UI package that the page loads, with their media types.
ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "favicon-32x32.png": "image/png",
}


class OpenAPIResource:
    operations: ClassVar[dict[str, Operation]] = {"GET": Operation.READ_API_DOCS}

    def __init__(self) -> None:
        self._text = json.dumps(build_description(), indent=2)

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_JSON
        resp.text = self._text


class DocsPageResource:
    operations: ClassVar[dict[str, Operation]] = {"GET": Operation.READ_API_DOCS}

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_HTML
        resp.text = DOCS_PAGE
        resp.context.security_headers = DOCS_SECURITY_HEADERS


class DocsAssetResource:
    operations: ClassVar[dict[str, Operation]] = {"GET": Operation.READ_API_DOCS}

    def on_get(self, req: falcon.Request, resp: falcon.Response, asset: str) -> None:
        if asset == "init.js":
            resp.content_type = ASSETS["swagger-ui-bundle.js"]
            resp.text = INIT_SCRIPT
            return
        media_type = ASSETS.get(asset)
        if media_type is None:
            raise NotFoundError(f"No documentation file is named {asset[:40]!r}.")
        resp.content_type = media_type
        resp.data = _read_asset(asset)
        resp.context.security_headers = {"Cache-Control": "public, max-age=86400"}


@cache
def _read_asset(name: str) -> bytes:
    return (swagger_ui_directory() / name).read_bytes()


def swagger_ui_directory() -> Path:
    """Return the folder of Swagger UI's files in the installed package.

    The package is located without being imported, because importing it
    loads template and YAML libraries that serving files does not need.
    """
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The swagger-ui-py package is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / "static"
