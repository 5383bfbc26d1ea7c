"""Username rules: invisible and look-alike characters are rejected."""

from __future__ import annotations

import pytest

from brainframe_server.errors import InvalidFormatError
from brainframe_server.passwords import PasswordHasher
from brainframe_server.settings import Settings
from brainframe_server.users.rules import normalize_username


@pytest.mark.parametrize(
    "name",
    [
        "admin\ufe0f",
        "admin\u034f",
        "admin\u3164",
        "a\u2028b",
        "a\u2029b",
        "\u0301",
        "a\uff1ab",
        "ad\u00a0min",
        "ad\u2003min",
    ],
)
def test_invisible_or_colon_forms_rejected(name):
    with pytest.raises(InvalidFormatError):
        normalize_username(name)


@pytest.mark.parametrize("name", ["John Smith", "jos\u00e9", "\uff42\uff4f\uff42"])
def test_ordinary_names_accepted(name):
    assert normalize_username(name)


@pytest.mark.parametrize(
    "password_hash",
    [
        "$argon2id$v=19$m=8,t=300000,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        "not a hash",
    ],
)
def test_imported_hash_outside_limits_rejected(password_hash):
    hasher = PasswordHasher(Settings(argon2_memory_cost=1024, argon2_time_cost=1))
    assert not hasher.is_valid_hash(password_hash)


def test_imported_hash_within_limits_accepted():
    hasher = PasswordHasher(Settings(argon2_memory_cost=1024, argon2_time_cost=1))
    assert hasher.is_valid_hash(hasher.hash("a-password"))
