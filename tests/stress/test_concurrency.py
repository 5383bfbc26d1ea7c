"""Many clients change users at once; every rule and acknowledged write holds.

Each client owns the users it created (client 0 also owns the seeded admin),
so the last acknowledged state of every user is known. The clients share one
small pool of names, spelled in several ways that share a username key, so
that creates and renames collide, and several of them own admins, so that
demotions and deletes race for the last admin.
"""

from __future__ import annotations

import os
import random
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

from tests.support.database import check_integrity, user_rows
from tests.support.server import ServerProcess
from tests.support.users import basic

CLIENTS = 8
OPERATIONS_PER_CLIENT = 60
SEED = int(os.environ.get("STRESS_SEED", random.randrange(1 << 30)))
SETTINGS = {
    "ARGON2_TIME_COST": "1",
    "ARGON2_MEMORY_COST": "1024",
    "SERVER_WORKERS": "2",
    "DATABASE_POOL_SIZE": "4",
}

_BASES = ["ada", "bo", "cyd", "dee", "eli", "fay"]


def _spellings(name: str) -> list[str]:
    full_width = "".join(chr(ord(c) - ord("a") + 0xFF41) for c in name)
    return [name, name.upper(), name.title(), full_width]


NAMES = [s + str(n) for base in _BASES for n in range(3) for s in _spellings(base)]


def key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


@dataclass
class Owned:
    username: str
    role: str
    password: str


@dataclass
class Client:
    """One client's random stream of changes and what the server acknowledged."""

    url: str
    rng: random.Random
    users: dict[int, Owned] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    statuses: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def run(self, operations: int) -> None:
        with requests.Session() as http:
            for _ in range(operations):
                self._step(http)

    def _step(self, http: requests.Session) -> None:
        if not self.users or self.rng.random() < 0.3:
            self._create(http)
            return
        user_id = self.rng.choice(sorted(self.users))
        action = self.rng.choice(["rename", "role", "password", "delete"])
        if action == "delete":
            self._delete(http, user_id)
        else:
            self._update(http, user_id, action)

    def _create(self, http: requests.Session) -> None:
        wanted = Owned(
            self.rng.choice(NAMES),
            self.rng.choice(["admin", "editor"]),
            f"pw-{self.rng.randrange(10**9)}",
        )
        body = {"id": None, **wanted.__dict__}
        response = http.post(f"{self.url}/api/users", json=body, timeout=60)
        if self._check(response, "create", {"DuplicateUsernameError"}):
            self.users[response.json()["id"]] = wanted

    def _update(self, http: requests.Session, user_id: int, action: str) -> None:
        current = self.users[user_id]
        wanted = Owned(current.username, current.role, current.password)
        password = None
        if action == "rename":
            wanted.username = self.rng.choice(NAMES)
        elif action == "role":
            wanted.role = "editor" if current.role == "admin" else "admin"
        else:
            wanted.password = password = f"pw-{self.rng.randrange(10**9)}"
        body = {"id": user_id, "username": wanted.username, "role": wanted.role}
        body["password"] = password
        response = http.post(f"{self.url}/api/users", json=body, timeout=60)
        allowed = {"DuplicateUsernameError", "AdminMustExistError"}
        if self._check(response, action, allowed):
            self.users[user_id] = wanted

    def _delete(self, http: requests.Session, user_id: int) -> None:
        response = http.delete(f"{self.url}/api/users/{user_id}", timeout=60)
        if self._check(response, "delete", {"AdminMustExistError"}):
            del self.users[user_id]
            self.deleted.add(user_id)

    def _check(self, response: requests.Response, action: str, allowed) -> bool:
        self.statuses.append(response.status_code)
        if response.status_code < 300:
            return True
        title = response.json().get("title")
        if response.status_code != 409 or title not in allowed:
            self.failures.append(f"{action}: {response.status_code} {response.text}")
        return False


def _run_clients(server: ServerProcess) -> list[Client]:
    clients = [
        Client(server.url, random.Random(SEED + number)) for number in range(CLIENTS)
    ]
    clients[0].users[1] = Owned("admin", "admin", "admin")
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [pool.submit(c.run, OPERATIONS_PER_CLIENT) for c in clients]
        for future in futures:
            future.result(timeout=240)
    return clients


def test_random_changes_keep_rules(start_server):
    server = start_server(**SETTINGS)
    clients = _run_clients(server)

    statuses = [status for client in clients for status in client.statuses]
    assert [s for s in statuses if s >= 500] == [], f"seed {SEED}"
    assert [f for client in clients for f in client.failures] == [], f"seed {SEED}"
    assert statuses.count(409) > 0, "no conflicts happened; the test proves nothing"

    rows = {row.id: row for row in user_rows(server.database_url)}
    assert any(row.role == "admin" for row in rows.values())
    keys = [key(row.username) for row in rows.values()]
    assert len(keys) == len(set(keys))
    assert all(row.username_key == key(row.username) for row in rows.values())
    assert check_integrity(server.database_url) == []

    expected = {uid: user for c in clients for uid, user in c.users.items()}
    deleted = {uid for c in clients for uid in c.deleted}
    assert set(rows) == set(expected), f"seed {SEED}"
    assert not deleted & set(rows)
    for user_id, user in expected.items():
        assert (rows[user_id].username, rows[user_id].role) == (
            user.username,
            user.role,
        )

    server.settings["AUTHORIZE_CLIENTS"] = "true"
    server.restart()
    for user_id, user in expected.items():
        response = requests.get(
            f"{server.url}/api/users/{user_id}",
            headers=basic(user.username, user.password),
            timeout=30,
        )
        assert response.status_code == 200, (user_id, response.text)
