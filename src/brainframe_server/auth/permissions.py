"""The table of roles allowed to perform each operation, which authorization reads."""

from __future__ import annotations

import enum

from brainframe_server.auth.caller import Caller
from brainframe_server.errors import InsufficientRoleError
from brainframe_server.users.model import Role


class Operation(enum.Enum):
    """An action a route performs; every route declares one per method."""

    READ_VERSION = "read the server version"
    READ_USERS = "read users"
    WRITE_USERS = "create or update users"
    DELETE_USERS = "delete users"
    READ_OWN_SESSION = "read or end their own session"
    READ_USER_SESSIONS = "list the sessions of another user"
    END_USER_SESSIONS = "end the sessions of users"
    READ_HEALTH = "read the server health"
    READ_API_DOCS = "read the API description"
    READ_AUDIT = "read the audit log"
    LOAD_CONSOLE = "load the web console"


_EVERYONE = frozenset(Role)
_ADMINS = frozenset({Role.ADMIN})

ALLOWED_ROLES: dict[Operation, frozenset[Role]] = {
    Operation.READ_VERSION: _EVERYONE,
    Operation.READ_USERS: _EVERYONE,
    Operation.WRITE_USERS: _ADMINS,
    Operation.DELETE_USERS: _ADMINS,
    Operation.READ_OWN_SESSION: _EVERYONE,
    Operation.READ_USER_SESSIONS: _ADMINS,
    Operation.END_USER_SESSIONS: _ADMINS,
    Operation.READ_HEALTH: _EVERYONE,
    Operation.READ_API_DOCS: _EVERYONE,
    Operation.READ_AUDIT: _ADMINS,
    Operation.LOAD_CONSOLE: _EVERYONE,
}

# Operations that need no credentials at all, even with authorization on.
# They are the probes of load balancers and the API description, which is the
# same for every server and names no user. They are also the console's page
# and assets, which contain no user data and log in through the API.
PUBLIC_OPERATIONS: frozenset[Operation] = frozenset(
    {Operation.READ_HEALTH, Operation.READ_API_DOCS, Operation.LOAD_CONSOLE}
)

# Operations that any user may also perform on their own account, named by
# the ``user_id`` of the route.
OWNER_ALLOWED: frozenset[Operation] = frozenset({Operation.READ_USER_SESSIONS})


def needs_credentials(operation: Operation) -> bool:
    return operation not in PUBLIC_OPERATIONS


def authorize(
    caller: Caller, operation: Operation, target_user_id: str | None = None
) -> None:
    """Check that ``caller`` may perform ``operation``.

    ``target_user_id`` is the user a route acts on, as written in its path.

    Raises:
        InsufficientRoleError: it may not.
    """
    role = caller.role
    if role in ALLOWED_ROLES[operation]:
        return
    if operation in OWNER_ALLOWED and _is_self(caller, target_user_id):
        return
    raise InsufficientRoleError(
        f"The role {role.value!r} may not {operation.value}: this needs the admin role."
    )


def _is_self(caller: Caller, target_user_id: str | None) -> bool:
    return caller.user_id is not None and target_user_id == str(caller.user_id)
