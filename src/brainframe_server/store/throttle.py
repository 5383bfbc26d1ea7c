"""SQL for failed-login counters, shared by every server on the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, bindparam, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from brainframe_server.store.database import Database
from brainframe_server.store.schema import login_failures


@dataclass(frozen=True)
class FailureCount:
    throttle_key: str
    failures: int
    blocked_until: float


# Every login that runs a verify reads its three counters: by username and
# address, by username, and by address.
_FIND_COUNTS = select(
    login_failures.c.throttle_key,
    login_failures.c.failures,
    login_failures.c.blocked_until,
).where(
    login_failures.c.throttle_key.in_(
        [bindparam("pair"), bindparam("user"), bindparam("address")]
    )
)


class ThrottleStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._insert = postgresql.insert if database.is_postgresql else sqlite.insert
        self._find = database.reader.prepare(_FIND_COUNTS, "pair", "user", "address")

    def find(self, pair: str, user: str, address: str) -> list[FailureCount]:
        rows = self._db.reader.fetch_all(self._find, pair, user, address)
        return [FailureCount(*row) for row in rows]

    def add_failure(
        self, keys: list[str], now: float, window_start: float
    ) -> list[FailureCount]:
        """Count one failure under each key; a count older than the window restarts.

        Returns the new counts, so that the caller can set how long each key
        stays blocked with ``block``.
        """

        def work(connection: Connection) -> list[FailureCount]:
            return [self._increment(connection, key, now, window_start) for key in keys]

        return self._db.write(work)

    def block(self, blocks: dict[str, float]) -> None:
        def work(connection: Connection) -> None:
            for key, until in blocks.items():
                connection.execute(
                    update(login_failures)
                    .where(login_failures.c.throttle_key == key)
                    .values(blocked_until=until)
                )

        self._db.write(work)

    def clear(self, keys: list[str]) -> None:
        statement = delete(login_failures).where(
            login_failures.c.throttle_key.in_(keys)
        )
        self._db.write(lambda c: c.execute(statement))

    def delete_stale(self, window_start: float, now: float) -> int:
        statement = delete(login_failures).where(
            and_(
                login_failures.c.last_failure_at < window_start,
                login_failures.c.blocked_until < now,
            )
        )
        return self._db.write(lambda c: c.execute(statement).rowcount)

    def _increment(
        self, connection: Connection, key: str, now: float, window_start: float
    ) -> FailureCount:
        table = login_failures
        statement = self._insert(table).values(
            throttle_key=key, failures=1, last_failure_at=now, blocked_until=0.0
        )
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.throttle_key],
            set_={
                "failures": case(
                    (table.c.last_failure_at < window_start, 1),
                    else_=table.c.failures + 1,
                ),
                "last_failure_at": now,
            },
        ).returning(table.c.throttle_key, table.c.failures, table.c.blocked_until)
        return FailureCount(*connection.execute(statement).one())
