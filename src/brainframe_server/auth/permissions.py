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
    READ_SESSION = "read the current session"
    END_SESSION = "end the current session"
    LOAD_CONSOLE = "load the web console"


_EVERYONE = frozenset(Role)
_ADMINS = frozenset({Role.ADMIN})

ALLOWED_ROLES: dict[Operation, frozenset[Role]] = {
    Operation.READ_VERSION: _EVERYONE,
    Operation.READ_USERS: _EVERYONE,
    Operation.WRITE_USERS: _ADMINS,
    Operation.DELETE_USERS: _ADMINS,
    Operation.READ_SESSION: _EVERYONE,
    Operation.END_SESSION: _EVERYONE,
    Operation.LOAD_CONSOLE: _EVERYONE,
}

# Operations that need no authentication. The console's page and assets
# contain no user data, and the console logs in through the API.
PUBLIC_OPERATIONS = frozenset({Operation.LOAD_CONSOLE})


def authorize(role: Role, operation: Operation) -> None:
    """Check that ``role`` may perform ``operation``.

    Raises:
        InsufficientRoleError: it may not.
    """
    if role not in ALLOWED_ROLES[operation]:
        raise InsufficientRoleError(
            f"The role {role.value!r} may not {operation.value}: this needs the "
            "admin role."
        )
