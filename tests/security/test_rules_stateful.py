"""Random sequences of user changes and logins keep every rule, on two nodes.

One node runs with authorization off and makes the changes; a second node on
the same database runs with authorization on and checks the logins. The
database lives on across examples, so a failing example may not replay
exactly while Hypothesis shrinks it; the first failure reported is the real
one.
"""

from __future__ import annotations

import unicodedata

import requests
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tests.support.server import ServerProcess
from tests.support.users import basic

NAMES = [
    "amy",
    "Amy",
    "AMY",
    "b\u00f6b",
    "bo\u0308b",
    "\uff42\uff4f\uff42",
    "bob",
    "carl",
]
ROLES = ["admin", "editor"]


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFC", name)).casefold()


def test_random_operations_keep_rules(start_server):
    changer = start_server(
        LOGIN_FAILURES_PER_PAIR="1000", LOGIN_FAILURES_PER_USER="1000"
    )
    checker = ServerProcess(
        changer.directory,
        changer.database_url,
        {**changer.settings, "AUTHORIZE_CLIENTS": "true"},
    ).start()
    try:
        machine = _machine_for(changer.url, checker.url)
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=15,
                stateful_step_count=12,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
    finally:
        checker.stop()


def _machine_for(change_url: str, login_url: str):
    http = requests.Session()

    class UserRules(RuleBasedStateMachine):
        users = Bundle("users")

        def __init__(self) -> None:
            super().__init__()
            listed = http.get(f"{change_url}/api/users").json()
            self.model = {
                u["id"]: {
                    "username": u["username"],
                    "role": u["role"],
                    "password": None,
                }
                for u in listed
            }
            self.counter = 0

        def _taken(self, name: str, except_id: int | None = None) -> bool:
            return any(
                _key(u["username"]) == _key(name)
                for user_id, u in self.model.items()
                if user_id != except_id
            )

        def _admins(self) -> list[int]:
            return [i for i, u in self.model.items() if u["role"] == "admin"]

        def _post(self, body: dict) -> requests.Response:
            response = http.post(f"{change_url}/api/users", json=body)
            assert response.status_code < 500, response.text
            return response

        def _password(self) -> str:
            self.counter += 1
            return f"password-{self.counter}"

        @rule(target=users, name=st.sampled_from(NAMES), role=st.sampled_from(ROLES))
        def create(self, name, role):
            password = self._password()
            body = {"id": None, "username": name, "password": password, "role": role}
            response = self._post(body)
            if self._taken(name):
                assert response.status_code == 409
                assert response.json()["title"] == "DuplicateUsernameError"
                return -1
            assert response.status_code == 200, response.text
            user = response.json()
            assert user["username"] == unicodedata.normalize("NFC", name)
            self.model[user["id"]] = {**user, "password": password}
            return user["id"]

        @rule(user_id=users, name=st.sampled_from(NAMES))
        def rename(self, user_id, name):
            if user_id not in self.model:
                return
            current = self.model[user_id]
            body = {
                "id": user_id,
                "username": name,
                "password": None,
                "role": current["role"],
            }
            response = self._post(body)
            if self._taken(name, except_id=user_id):
                assert response.status_code == 409
                return
            assert response.status_code == 200, response.text
            current["username"] = unicodedata.normalize("NFC", name)

        @rule(user_id=users, role=st.sampled_from(ROLES))
        def change_role(self, user_id, role):
            if user_id not in self.model:
                return
            current = self.model[user_id]
            body = {
                "id": user_id,
                "username": current["username"],
                "password": None,
                "role": role,
            }
            response = self._post(body)
            if (
                current["role"] == "admin"
                and role == "editor"
                and self._admins() == [user_id]
            ):
                assert response.status_code == 409
                assert response.json()["title"] == "AdminMustExistError"
                return
            assert response.status_code == 200, response.text
            current["role"] = role

        @rule(user_id=users)
        def change_password(self, user_id):
            if user_id not in self.model:
                return
            current = self.model[user_id]
            password = self._password()
            body = {
                "id": user_id,
                "username": current["username"],
                "password": password,
                "role": current["role"],
            }
            assert self._post(body).status_code == 200
            current["password"] = password

        @rule(user_id=consumes(users))
        def delete(self, user_id):
            if user_id < 0:
                return
            response = http.delete(f"{change_url}/api/users/{user_id}")
            assert response.status_code < 500
            if user_id not in self.model:
                assert response.status_code == 404
                return
            if self._admins() == [user_id]:
                assert response.status_code == 409
                return
            assert response.status_code == 204
            del self.model[user_id]

        @rule(user_id=users, correct=st.booleans())
        def login(self, user_id, correct):
            current = self.model.get(user_id)
            if current is None or current["password"] is None:
                return
            password = current["password"] if correct else current["password"] + "x"
            response = http.get(
                f"{login_url}/api/version",
                headers=basic(current["username"], password),
            )
            assert response.status_code == (200 if correct else 401)

        @invariant()
        def server_matches_model(self):
            listed = http.get(f"{change_url}/api/users").json()
            assert [u["id"] for u in listed] == sorted(self.model)
            for user in listed:
                expected = self.model[user["id"]]
                assert user["username"] == expected["username"]
                assert user["role"] == expected["role"]
                assert user["password"] is None
            assert any(u["role"] == "admin" for u in listed)
            keys = [_key(u["username"]) for u in listed]
            assert len(keys) == len(set(keys))

    return UserRules
