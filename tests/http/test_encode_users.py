"""Encoding the user list in chunks."""

from __future__ import annotations

import json

import pytest

from brainframe_server.http.resources import LIST_CHUNK_SIZE, encode_users
from brainframe_server.users.model import Role, User


@pytest.mark.parametrize(
    "count", [0, 1, LIST_CHUNK_SIZE - 1, LIST_CHUNK_SIZE, 2 * LIST_CHUNK_SIZE + 1]
)
def test_encode_users_matches_json_list(count):
    users = [User(i + 1, f"user-{i}", Role.EDITOR) for i in range(count)]
    decoded = json.loads(encode_users(users))
    assert decoded == [user.to_json() for user in users]
