"""Liveness and readiness probes, which need no credentials."""

from __future__ import annotations

import logging
from typing import ClassVar

import falcon
from sqlalchemy.exc import SQLAlchemyError

from brainframe_server.auth.permissions import Operation
from brainframe_server.errors import ServiceUnavailableError
from brainframe_server.store.database import Database

logger = logging.getLogger(__name__)


class LiveResource:
    """Returns 200 while the process serves HTTP."""

    operations: ClassVar[dict[str, Operation]] = {"GET": Operation.READ_HEALTH}

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"status": "ok"}


class ReadyResource:
    """Returns 200 when a database query succeeds, 503 otherwise."""

    operations: ClassVar[dict[str, Operation]] = {"GET": Operation.READ_HEALTH}

    def __init__(self, database: Database) -> None:
        self._database = database

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        try:
            self._database.check()
        except SQLAlchemyError as error:
            logger.warning("Readiness check failed: %s", type(error).__name__)
            raise ServiceUnavailableError("The database is not available.") from None
        resp.media = {"status": "ok"}
