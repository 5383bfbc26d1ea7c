"""Which roles may call each operation: the one table authorization reads."""

from __future__ import annotations

import enum

from brainframe_server.errors import InsufficientRoleError
from brainframe_server.users.model import Role


class Operation(enum.Enum):
    """An action a route performs; every route declares one per method."""

    READ_VERSION = "read the server version"
    READ_USERS = "read users"
    WRITE_USERS = "create or update users"
    DELETE_USERS = "delete users"
    READ_HEALTH = "read the server health"
    READ_API_DOCS = "read the API description"
    READ_AUDIT = "read the audit log"


_EVERYONE = frozenset(Role)
_ADMINS = frozenset({Role.ADMIN})

# Operations that need no credentials at all, even with authorization on:
# probes from load balancers, and the API description, which is the same for
# every server and names no user.
NO_CREDENTIALS = None

ALLOWED_ROLES: dict[Operation, frozenset[Role] | None] = {
    Operation.READ_VERSION: _EVERYONE,
    Operation.READ_USERS: _EVERYONE,
    Operation.WRITE_USERS: _ADMINS,
    Operation.DELETE_USERS: _ADMINS,
    Operation.READ_HEALTH: NO_CREDENTIALS,
    Operation.READ_API_DOCS: NO_CREDENTIALS,
    Operation.READ_AUDIT: _ADMINS,
}


def needs_credentials(operation: Operation) -> bool:
    return ALLOWED_ROLES[operation] is not NO_CREDENTIALS


def authorize(role: Role, operation: Operation) -> None:
    """Check that ``role`` may perform ``operation``.

    Raises:
        InsufficientRoleError: it may not.
    """
    allowed = ALLOWED_ROLES[operation]
    if allowed is not NO_CREDENTIALS and role not in allowed:
        raise InsufficientRoleError(
            f"The role {role.value!r} may not {operation.value}: this needs the "
            "admin role."
        )
