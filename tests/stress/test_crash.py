"""A server killed with SIGKILL mid-stream loses no acknowledged write."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

import requests

from tests.support.database import check_integrity, user_rows

ROUNDS = 20
WRITERS = 2
SETTINGS = {
    "ARGON2_TIME_COST": "1",
    "ARGON2_MEMORY_COST": "1024",
    "DATABASE_POOL_SIZE": "4",
}


@dataclass
class Writer:
    """Creates and renames users one request at a time until told to stop."""

    url: str
    prefix: str
    acknowledged: dict[int, str] = field(default_factory=dict)
    # The rename in flight when the server died: it may or may not be stored.
    pending: tuple[int, str] | None = None
    server_errors: list[str] = field(default_factory=list)

    def run(self, stop: threading.Event) -> None:
        number = 0
        with requests.Session() as http:
            while not stop.is_set():
                number += 1
                try:
                    self._write(http, f"{self.prefix}-{number}")
                except requests.RequestException:
                    return

    def _write(self, http: requests.Session, name: str) -> None:
        if self.acknowledged and len(name) % 2:
            user_id = max(self.acknowledged)
            self.pending = (user_id, name)
            body = {"id": user_id, "username": name, "password": None}
        else:
            body = {"id": None, "username": name, "password": "crash-pass"}
        response = http.post(
            f"{self.url}/api/users", json={**body, "role": "editor"}, timeout=30
        )
        if response.status_code >= 500:
            self.server_errors.append(response.text)
        if response.status_code == 200:
            self.acknowledged[response.json()["id"]] = name
            self.pending = None


def _crash_once(server, round_number: int, rng: random.Random) -> list[Writer]:
    stop = threading.Event()
    writers = [
        Writer(server.url, f"r{round_number}w{number}") for number in range(WRITERS)
    ]
    threads = [threading.Thread(target=w.run, args=(stop,)) for w in writers]
    for thread in threads:
        thread.start()
    time.sleep(rng.uniform(0.1, 0.4))
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    return writers


def _assert_stored(rows: dict, writer: Writer) -> None:
    for user_id, name in writer.acknowledged.items():
        assert user_id in rows, f"acknowledged user {name!r} is missing"
        allowed = {name}
        if writer.pending is not None and writer.pending[0] == user_id:
            allowed.add(writer.pending[1])
        assert rows[user_id].username in allowed


def test_sigkill_keeps_acknowledged_writes(start_server):
    rng = random.Random()
    server = start_server(**SETTINGS)
    acknowledged = 0
    for round_number in range(ROUNDS):
        writers = _crash_once(server, round_number, rng)
        server.start()
        rows = {row.id: row for row in user_rows(server.database_url)}
        for writer in writers:
            assert writer.server_errors == []
            _assert_stored(rows, writer)
            acknowledged += len(writer.acknowledged)
        assert check_integrity(server.database_url) == []
        listed = requests.get(f"{server.url}/api/users", timeout=30)
        assert listed.status_code == 200
    assert acknowledged > ROUNDS, "too few writes were acknowledged to test"
