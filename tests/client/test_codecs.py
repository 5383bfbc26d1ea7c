"""User objects convert to and from the JSON the server exchanges."""

from __future__ import annotations

import pytest

from brainframe.api.bf_codecs import User


@pytest.mark.parametrize(
    "user",
    [
        User("ann", None, User.Role.EDITOR, 7),
        User("bob", "secret-password", User.Role.ADMIN),
        User("zoë", None, User.Role.ADMIN, 1),
    ],
)
def test_dict_round_trip(user):
    data = user.to_dict()
    assert set(data) == {"id", "username", "password", "role"}
    assert data["role"] in ("admin", "editor")
    assert User.from_dict(data) == user


def test_from_server_json():
    data = {"id": 3, "username": "ed", "password": None, "role": "editor"}
    assert User.from_dict(data) == User("ed", None, User.Role.EDITOR, 3)


def test_unknown_role_is_rejected():
    with pytest.raises(ValueError, match="Admin"):
        User.from_dict({"id": 3, "username": "ed", "password": None, "role": "Admin"})


def test_repr_hides_password():
    user = User("ann", "S3cret-Ann!", User.Role.EDITOR, 4)
    assert "S3cret-Ann!" not in repr(user)
    assert "ann" in repr(user)
    assert "S3cret-Ann!" not in str(user)
    assert "S3cret-Ann!" not in f"{[user]}"
