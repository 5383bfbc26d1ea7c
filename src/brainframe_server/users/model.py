"""The user record and its role."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    """Level of access to the API."""

    ADMIN = "admin"
    EDITOR = "editor"


@dataclass(frozen=True, slots=True)
class User:
    """A stored user, without any credential.

    The password hash never leaves the store layer inside this object, so a
    user can be logged or returned without leaking it.
    """

    id: int
    username: str
    role: Role

    def to_json(self) -> dict[str, object]:
        """Return the user as the API sends it: the password is always null."""
        return {
            "id": self.id,
            "username": self.username,
            "password": None,
            "role": self.role.value,
        }


@dataclass(frozen=True)
class UserChange:
    """A validated create or update request.

    ``password`` is None on an update that keeps the current password.
    """

    id: int | None
    username: str
    role: Role
    password: str | None

    def __repr__(self) -> str:
        password = "None" if self.password is None else "'***'"
        return (
            f"UserChange(id={self.id!r}, username={self.username!r}, "
            f"role={self.role!r}, password={password})"
        )
