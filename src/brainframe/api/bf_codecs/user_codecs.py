"""The user data structure, as the users API sends and receives it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


@dataclass
class User:
    """Contains information on a user."""

    class Role(Enum):
        """Controls the level of access a user has to API endpoints."""

        ADMIN = "admin"
        """A user that can access all endpoints."""

        EDITOR = "editor"
        """A user that can access most endpoints but no administrative tasks."""

        @classmethod
        def values(cls) -> list[str]:
            return [role.value for role in cls]

    username: str
    """The username used for login."""

    password: str | None
    """None when read from the server; set only to create a user or change a
    password."""

    role: User.Role
    """The user's role."""

    id: int | None = None
    """The user's unique ID, None for a user not created yet."""

    def __repr__(self) -> str:
        password = None if self.password is None else "***"
        return (
            f"User(username={self.username!r}, password={password!r}, "
            f"role={self.role}, id={self.id!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "password": self.password,
            "role": self.role.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> User:
        """Build a user from a JSON object.

        Raises:
            KeyError: a required key is missing.
            ValueError: the role is not one of the known roles.
        """
        return cls(
            username=data["username"],
            password=data.get("password"),
            role=cls.Role(data["role"]),
            id=data.get("id"),
        )
