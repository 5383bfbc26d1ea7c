"""The OpenAPI 3.1 description of the API, built from the permissions table.

The security schemes and the 401 and 403 responses of each operation are
derived from ``ALLOWED_ROLES``, so they match what authorization enforces.
"""

from __future__ import annotations

from typing import Any

from brainframe_server import __version__
from brainframe_server.audit.model import AuditAction
from brainframe_server.audit.query import DEFAULT_LIMIT, MAX_LIMIT
from brainframe_server.auth.permissions import (
    ALLOWED_ROLES,
    PUBLIC_OPERATIONS,
    Operation,
)
from brainframe_server.users.model import Role

_ERROR_TITLES = {
    400: "InvalidFormatError or InvalidSyntaxError: the request breaks a rule.",
    401: "UnauthorizedError or InvalidSessionError: credentials are missing, "
    "wrong or expired.",
    403: "InsufficientRoleError: this needs the admin role.",
    404: "UserNotFoundError or SessionNotFoundError: no such user or session.",
    409: "DuplicateUsernameError or AdminMustExistError.",
    413: "RequestTooLargeError: the body is over MAX_BODY_SIZE.",
    429: "UnauthorizedError: too many failed logins; see Retry-After.",
    500: "UnknownError: an unexpected failure, logged by the server.",
    503: "ServiceUnavailableError: the database is not available.",
}

_USER_ID = {
    "name": "user_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}


def build_description() -> dict[str, Any]:
    """Return the whole OpenAPI 3.1 document as a JSON-ready dict."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "BrainFrame users server",
            "version": __version__,
            "description": (
                "Users and authorization of the BrainFrame REST API. With "
                "AUTHORIZE_CLIENTS off, every client acts as admin and no "
                "credentials are needed."
            ),
        },
        "paths": _paths(),
        "components": _components(),
    }


def _paths() -> dict[str, Any]:
    return {
        "/api/version": {
            "get": _operation(
                Operation.READ_VERSION,
                "Read the BrainFrame API level",
                _json(200, "The API level, such as 0.30.0.", {"type": "string"}),
            )
        },
        "/api/users": {
            "get": _operation(
                Operation.READ_USERS,
                "List every user by ascending id",
                _json(200, "The users.", {"type": "array", "items": _ref("User")}),
            ),
            "post": _operation(
                Operation.WRITE_USERS,
                "Create a user (id null or missing) or update one",
                _json(200, "The created or updated user.", _ref("User")),
                errors=(400, 404, 409, 413),
                body=_ref("User"),
            ),
        },
        "/api/users/{user_id}": {
            "parameters": [_USER_ID],
            "get": _operation(
                Operation.READ_USERS,
                "Read one user",
                _json(200, "The user.", _ref("User")),
                errors=(404,),
            ),
            "delete": _operation(
                Operation.DELETE_USERS,
                "Delete a user and end their sessions",
                {"204": {"description": "The user is deleted."}},
                errors=(404, 409),
            ),
        },
        "/api/sessions/current": {
            "get": _operation(
                Operation.READ_OWN_SESSION,
                "Read who the caller is",
                _json(200, "The caller and the server mode.", _ref("CurrentSession")),
            ),
            "delete": _operation(
                Operation.READ_OWN_SESSION,
                "Log out: end the caller's session",
                {"204": {"description": "The session, if any, is ended."}},
            ),
        },
        "/api/users/{user_id}/sessions": {
            "parameters": [_USER_ID],
            "get": _operation(
                Operation.READ_USER_SESSIONS,
                "List the live sessions of a user (admin, or the user)",
                _json(
                    200, "The sessions.", {"type": "array", "items": _ref("Session")}
                ),
                errors=(403, 404),
            ),
            "delete": _operation(
                Operation.END_USER_SESSIONS,
                "End every session of a user",
                {"204": {"description": "The sessions are ended."}},
                errors=(404,),
            ),
        },
        "/api/users/{user_id}/sessions/{session_id}": {
            "parameters": [
                _USER_ID,
                {
                    "name": "session_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                },
            ],
            "delete": _operation(
                Operation.END_USER_SESSIONS,
                "End one session of a user",
                {"204": {"description": "The session is ended."}},
                errors=(404,),
            ),
        },
        "/api/audit": {"get": _audit_operation()},
        "/health/live": {
            "get": _operation(
                Operation.READ_HEALTH,
                "Check that the server process answers",
                _json(200, "The process answers.", _ref("Health")),
            )
        },
        "/health/ready": {
            "get": _operation(
                Operation.READ_HEALTH,
                "Check that the server can reach its database",
                _json(200, "The database answers.", _ref("Health")),
                errors=(503,),
            )
        },
        "/api/openapi.json": {
            "get": _operation(
                Operation.READ_API_DOCS,
                "Read this description",
                _json(200, "The OpenAPI 3.1 description.", {"type": "object"}),
            )
        },
        "/api/docs": {
            "get": _operation(
                Operation.READ_API_DOCS,
                "Open the interactive API documentation",
                _content(200, "The Swagger UI page.", "text/html"),
            )
        },
        "/": {
            "get": _operation(
                Operation.LOAD_CONSOLE,
                "Open the web console",
                _content(200, "The console page.", "text/html"),
            )
        },
        "/console/{name}": {
            "parameters": [
                {
                    "name": "name",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                }
            ],
            "get": _operation(
                Operation.LOAD_CONSOLE,
                "Read a file of the web console",
                _content(200, "A script, style sheet or icon.", "*/*"),
                errors=(404,),
            ),
        },
        "/api/docs/{asset}": {
            "parameters": [
                {
                    "name": "asset",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                }
            ],
            "get": _operation(
                Operation.READ_API_DOCS,
                "Read a file of the interactive documentation",
                _content(200, "A script, style sheet or image.", "*/*"),
                errors=(404,),
            ),
        },
    }


def _audit_operation() -> dict[str, Any]:
    operation = _operation(
        Operation.READ_AUDIT,
        "Read the audit log, newest first",
        _json(200, "A page of events.", _ref("AuditPage")),
        errors=(400,),
    )
    operation["parameters"] = [
        _query("user", "Events whose actor or target has this user id.", "integer"),
        _query(
            "action",
            "Events of this action.",
            "string",
            enum=[action.value for action in AuditAction],
        ),
        _query(
            "since", "Events at or after this ISO 8601 time or Unix second.", "string"
        ),
        _query("until", "Events before this ISO 8601 time or Unix second.", "string"),
        _query("before", "Events with an id below this: the next page.", "integer"),
        _query(
            "limit",
            f"Events per page, 1 to {MAX_LIMIT}; {DEFAULT_LIMIT} by default.",
            "integer",
        ),
    ]
    return operation


def _operation(
    operation: Operation,
    summary: str,
    responses: dict[str, Any],
    errors: tuple[int, ...] = (),
    body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    public = operation in PUBLIC_OPERATIONS
    codes = set(errors) | {500}
    if not public:
        codes.update((401, 429))
        if ALLOWED_ROLES[operation] == frozenset({Role.ADMIN}):
            codes.add(403)
    result: dict[str, Any] = {
        "summary": summary,
        "operationId": summary.lower().replace(" ", "_").replace(",", ""),
        "security": [] if public else [{"basic": []}, {"session": []}],
        "responses": {
            **responses,
            **{str(code): _error(code) for code in sorted(codes)},
        },
    }
    if body is not None:
        result["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    return result


def _components() -> dict[str, Any]:
    return {
        "securitySchemes": {
            "basic": {"type": "http", "scheme": "basic"},
            "session": {
                "type": "apiKey",
                "in": "cookie",
                "name": "session_id",
                "description": "Set by the server after a successful Basic login.",
            },
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["title", "description"],
                "properties": {
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                },
            },
            "User": _user_schema(),
            "Health": {
                "type": "object",
                "required": ["status"],
                "properties": {"status": {"const": "ok"}},
            },
            "CurrentSession": {
                "type": "object",
                "required": ["user", "role", "authorize_clients"],
                "properties": {
                    "user": {"oneOf": [_ref("User"), {"type": "null"}]},
                    "role": {"enum": [role.value for role in Role]},
                    "authorize_clients": {"type": "boolean"},
                },
            },
            "Session": {
                "type": "object",
                "required": ["id", "created_at", "last_used_at", "current"],
                "properties": {
                    "id": {"type": "string"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "last_used_at": {"type": "string", "format": "date-time"},
                    "current": {"type": "boolean"},
                },
            },
            "AuditEvent": _audit_event_schema(),
            "AuditPage": {
                "type": "object",
                "required": ["events", "next_before"],
                "properties": {
                    "events": {"type": "array", "items": _ref("AuditEvent")},
                    "next_before": {"type": ["integer", "null"]},
                },
            },
        },
    }


def _user_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["username", "role"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": ["integer", "null"]},
            "username": {"type": "string", "minLength": 1, "maxLength": 64},
            "password": {
                "type": ["string", "null"],
                "description": "Always null in responses; null keeps it on update.",
            },
            "role": {"enum": [role.value for role in Role]},
        },
    }


def _audit_event_schema() -> dict[str, Any]:
    nullable_integer = {"type": ["integer", "null"]}
    nullable_string = {"type": ["string", "null"]}
    return {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "time": {"type": "string", "format": "date-time"},
            "action": {"enum": [action.value for action in AuditAction]},
            "actor_id": nullable_integer,
            "actor": {"type": "string"},
            "target_id": nullable_integer,
            "target": nullable_string,
            "client_address": nullable_string,
            "details": {"type": "object"},
        },
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(status: int, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        str(status): {
            "description": description,
            "content": {"application/json": {"schema": schema}},
        }
    }


def _content(status: int, description: str, media_type: str) -> dict[str, Any]:
    return {str(status): {"description": description, "content": {media_type: {}}}}


def _error(status: int) -> dict[str, Any]:
    return _json(status, _ERROR_TITLES[status], _ref("Error"))[str(status)]


def _query(name: str, description: str, kind: str, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": kind, **schema},
    }
