"""Malformed bodies, wrong types and unknown keys are 400s that change nothing."""

from __future__ import annotations

import json

import pytest

from tests.support.sqlite_file import stored_password_hash
from tests.support.users import (
    assert_error,
    basic,
    create_user,
    list_users,
    post_user,
    unique_name,
)

ADMIN = basic("admin", "admin")

INVALID_FORMAT_BODIES = {
    "array": [],
    "string": "x",
    "null": None,
    "number": 1,
    "username-number": {
        "id": None,
        "username": 123,
        "password": "x" * 8,
        "role": "editor",
    },
    "password-number": {
        "id": None,
        "username": "pat",
        "password": 123,
        "role": "editor",
    },
    "username-null": {
        "id": None,
        "username": None,
        "password": "x" * 8,
        "role": "editor",
    },
    "username-missing": {"id": None, "password": "x" * 8, "role": "editor"},
    "role-missing": {"id": None, "username": "pat", "password": "x" * 8},
    "role-null": {"id": None, "username": "pat", "password": "x" * 8, "role": None},
    "extra-keys": {
        "id": None,
        "username": "pat",
        "password": "x" * 8,
        "role": "editor",
        "is_admin": True,
        "password_hash": "$2b$12$abcdefghijklmnopqrstuv",
        "admin": 1,
    },
    "credential-version": {
        "id": None,
        "username": "pat",
        "password": "x" * 8,
        "role": "editor",
        "credential_version": 9,
    },
}

INVALID_SYNTAX_BODIES = {
    "truncated": b'{"id": null, "username": "pat"',
    "trailing-comma": b'{"id": null,}',
    "not-utf8": b'{"id": null, "username": "p\xe4t"}',
    "nan-garbage": b"{id: null}",
}


@pytest.fixture(params=["open_server", "secured_server"])
def server(request):
    return request.getfixturevalue(request.param)


def post_raw(http, server, data: bytes):
    headers = {**ADMIN, "Content-Type": "application/json"}
    return http.post(f"{server.url}/api/users", data=data, headers=headers)


@pytest.mark.parametrize(
    "body", INVALID_FORMAT_BODIES.values(), ids=INVALID_FORMAT_BODIES
)
def test_invalid_create_body_changes_nothing(server, http, body):
    before = list_users(http, server.url, ADMIN)
    response = post_raw(http, server, json.dumps(body).encode())
    assert_error(response, 400, "InvalidFormatError")
    assert list_users(http, server.url, ADMIN) == before


@pytest.mark.parametrize(
    "data", INVALID_SYNTAX_BODIES.values(), ids=INVALID_SYNTAX_BODIES
)
def test_unparsable_body_is_invalid_syntax(server, http, data):
    before = list_users(http, server.url, ADMIN)
    assert_error(post_raw(http, server, data), 400, "InvalidSyntaxError")
    assert list_users(http, server.url, ADMIN) == before


@pytest.mark.parametrize("data", [b"", b"   "], ids=["empty", "blank"])
def test_empty_body_is_invalid_format(server, http, data):
    assert_error(post_raw(http, server, data), 400, "InvalidFormatError")


def test_invalid_update_body_changes_nothing(server, http):
    user = create_user(
        http, server.url, "quinn-" + server.url[-5:], "pw-quinn-1", "editor", ADMIN
    )
    before_hash = stored_password_hash(server, user["id"])
    attempts = [
        {**user, "role": "admin", "is_admin": True},
        {**user, "role": "admin", "password": 12345678},
        {**user, "username": None},
        {**user, "role": None},
        {**user, "username": "renamed", "password": ""},
    ]
    for body in attempts:
        assert_error(
            post_user(http, server.url, body, ADMIN), 400, "InvalidFormatError"
        )
    assert (
        http.get(f"{server.url}/api/users/{user['id']}", headers=ADMIN).json() == user
    )
    assert stored_password_hash(server, user["id"]) == before_hash


def test_missing_id_means_create(server, http):
    name = unique_name("rory")
    body = {"username": name, "password": "pw-rory-1", "role": "editor"}
    response = post_user(http, server.url, body, ADMIN)
    assert response.status_code == 200
    assert response.json()["username"] == name
    assert isinstance(response.json()["id"], int)


def test_body_over_limit_is_too_large(server, http):
    big = {"id": None, "username": "sam", "password": "x" * 70_000, "role": "editor"}
    response = post_raw(http, server, json.dumps(big).encode())
    assert_error(response, 413, "RequestTooLargeError")


def test_deeply_nested_body_is_rejected(server, http):
    data = b"[" * 10_000 + b"]" * 10_000
    response = post_raw(http, server, data)
    assert response.status_code == 400
    assert response.json()["title"] in ("InvalidSyntaxError", "InvalidFormatError")


def test_body_checked_only_after_authentication(secured_server, http):
    response = http.post(
        f"{secured_server.url}/api/users",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert_error(response, 401, "UnauthorizedError")
