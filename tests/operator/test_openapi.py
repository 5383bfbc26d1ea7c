"""The OpenAPI description and the docs page match the routes the app serves."""

from __future__ import annotations

import re

import pytest
from falcon import inspect

from brainframe_server.auth.permissions import ALLOWED_ROLES, PUBLIC_OPERATIONS
from brainframe_server.http.app import create_app
from brainframe_server.settings import Settings
from tests.support.server import sqlite_url

ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def app_routes(tmp_path_factory) -> dict[str, dict[str, object]]:
    """Map each route template of the real app to its resource, by method."""
    directory = tmp_path_factory.mktemp("routes")
    app = create_app(Settings(database_url=sqlite_url(directory)))
    routes = {}
    for route in inspect.inspect_routes(app):
        methods = {m.method for m in route.methods if not m.internal}
        routes[route.path] = {"methods": methods}
        routes[route.path]["object"] = app._router.find(
            route.path.replace("{user_id}", "1").replace("{asset}", "x")
        )[0]
    return routes


@pytest.fixture(scope="module")
def description(secured_server):
    import requests

    response = requests.get(f"{secured_server.url}/api/openapi.json", timeout=10)
    assert response.status_code == 200
    return response.json()


def test_description_matches_routes(app_routes, description):
    documented = {
        path: {method.upper() for method in item if method != "parameters"}
        for path, item in description["paths"].items()
    }
    served = {path: route["methods"] for path, route in app_routes.items()}
    assert documented == served


def test_every_method_declares_a_known_operation(app_routes):
    for path, route in app_routes.items():
        operations = route["object"].operations
        assert set(operations) == route["methods"], path
        for operation in operations.values():
            assert operation in ALLOWED_ROLES, (path, operation)


def test_every_operation_documents_errors_and_security(description, app_routes):
    assert description["openapi"] == "3.1.0"
    schemes = description["components"]["securitySchemes"]
    assert schemes["basic"] == {"type": "http", "scheme": "basic"}
    assert schemes["session"]["in"] == "cookie"
    assert schemes["session"]["name"] == "session_id"
    for path, item in description["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            operation_of = app_routes[path]["object"].operations[method.upper()]
            public = operation_of in PUBLIC_OPERATIONS
            responses = operation["responses"]
            for status, response in responses.items():
                if int(status) >= 400:
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == ERROR_SCHEMA, (path, method, status)
            assert "500" in responses
            assert ("401" in responses) is not public, (path, method)
            assert (operation["security"] == []) is public, (path, method)


def test_documented_statuses_happen(secured_server, http):
    from tests.support.users import basic

    url = secured_server.url
    admin = basic("admin", "admin")
    assert http.get(f"{url}/api/users/99999", headers=admin).status_code == 404
    assert http.delete(f"{url}/api/users/1", headers=admin).status_code == 409
    assert http.get(f"{url}/api/audit").status_code == 401


def test_docs_page_loads_local_assets_only(secured_server, http):
    page = http.get(f"{secured_server.url}/api/docs")
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources
    for source in sources:
        assert not source.startswith(("http:", "https:", "//")), source
        asset = http.get(f"{secured_server.url}/api/{source}")
        assert asset.status_code == 200, source
        assert asset.content
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "http" not in policy


def test_docs_bundle_is_swagger_ui_5(secured_server, http):
    bundle = http.get(f"{secured_server.url}/api/docs/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert "SwaggerUIBundle" in bundle.text
    assert len(bundle.content) > 500_000


def test_unknown_docs_file_is_not_found(secured_server, http):
    for name in ("index.html", "..%2F..%2Fsettings.py", "swagger-editor.css"):
        response = http.get(f"{secured_server.url}/api/docs/{name}")
        assert response.status_code == 404, name
        assert response.json()["title"] == "NotFoundError"
