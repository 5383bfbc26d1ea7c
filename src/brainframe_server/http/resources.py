"""The API's routes. Each declares the operation of every method it serves."""

from __future__ import annotations

from typing import ClassVar

import falcon
import orjson

from brainframe_server.audit.model import Actor
from brainframe_server.auth.caller import Caller
from brainframe_server.auth.permissions import Operation
from brainframe_server.http.body import read_json
from brainframe_server.http.user_body import parse_user_change, parse_user_id_path
from brainframe_server.users.model import User
from brainframe_server.users.service import UserService

# Users encoded per orjson call when listing, so that the intermediate dicts
# of a long list never exist all at once.
LIST_CHUNK_SIZE = 1000

# The BrainFrame API level this server implements. Clients compare the major
# and minor parts with their own version.
API_VERSION = "0.30.0"


class VersionResource:
    operations: ClassVar[dict[str, Operation]] = {"GET": Operation.READ_VERSION}

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = API_VERSION


class UsersResource:
    operations: ClassVar[dict[str, Operation]] = {
        "GET": Operation.READ_USERS,
        "POST": Operation.WRITE_USERS,
    }

    def __init__(self, service: UserService, max_body_size: int) -> None:
        self._service = service
        self._max_body_size = max_body_size

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_JSON
        resp.data = encode_users(self._service.list())

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        change = parse_user_change(read_json(req, self._max_body_size))
        caller: Caller = req.context.caller
        user = self._service.save(
            change, actor_of(req), caller_session_hash=caller.session_hash
        )
        resp.media = user.to_json()


class UserResource:
    operations: ClassVar[dict[str, Operation]] = {
        "GET": Operation.READ_USERS,
        "DELETE": Operation.DELETE_USERS,
    }

    def __init__(self, service: UserService) -> None:
        self._service = service

    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        resp.media = self._service.get(parse_user_id_path(user_id)).to_json()

    def on_delete(
        self, req: falcon.Request, resp: falcon.Response, user_id: str
    ) -> None:
        self._service.delete(parse_user_id_path(user_id), actor_of(req))
        resp.status = falcon.HTTP_204


# The actor name recorded when authorization is off and no user logs in.
ANONYMOUS_ACTOR = "anonymous (authorization off)"


def actor_of(req: falcon.Request) -> Actor:
    """Return who makes an authenticated request, for the audit log."""
    caller: Caller = req.context.caller
    name = caller.username if caller.username is not None else ANONYMOUS_ACTOR
    return Actor(id=caller.user_id, name=name, address=req.remote_addr)


def encode_users(users: list[User]) -> bytes:
    """Encode users as a JSON array, ``LIST_CHUNK_SIZE`` users at a time."""
    parts = []
    for start in range(0, len(users), LIST_CHUNK_SIZE):
        chunk = users[start : start + LIST_CHUNK_SIZE]
        # Each chunk is a JSON array; its brackets are replaced below.
        parts.append(orjson.dumps([user.to_json() for user in chunk])[1:-1])
    return b"[" + b",".join(parts) + b"]"
