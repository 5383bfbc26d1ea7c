"""A failed login does not tell, by text, headers or timing, whether a user exists."""

from __future__ import annotations

import statistics
import time

from tests.support.users import basic, create_user

ADMIN = basic("admin", "admin")

# Headers that differ between any two responses.
VOLATILE_HEADERS = {"date", "content-length", "x-request-id"}

# The server's default argon2id costs, which the other tests here lower.
DEFAULT_HASHING = {"ARGON2_TIME_COST": "2", "ARGON2_MEMORY_COST": "19456"}

# Rounds of interleaved samples. Each failed login costs one argon2id hash,
# about 40 ms with the default costs, so this stays within a few seconds.
ROUNDS = 12


def comparable(response) -> tuple:
    headers = {
        name.lower(): value
        for name, value in response.headers.items()
        if name.lower() not in VOLATILE_HEADERS
    }
    return response.status_code, response.json(), headers


def test_unknown_user_and_wrong_password_look_alike(secured_server, http):
    url = f"{secured_server.url}/api/users"
    wrong_password = http.get(url, headers=basic("admin", "wrong"))
    unknown_user = http.get(url, headers=basic("nobody-7f3a", "wrong"))
    assert wrong_password.status_code == 401
    assert comparable(wrong_password) == comparable(unknown_user)
    description = wrong_password.json()["description"].lower()
    assert "exist" not in description
    assert "unknown user" not in description


def test_unknown_user_costs_as_much_as_wrong_password(start_server, http):
    server = start_server(authorize=True, **DEFAULT_HASHING)
    gone = create_user(http, server.url, "gone", "pw-gone-long", "editor", ADMIN)
    http.delete(f"{server.url}/api/users/{gone['id']}", headers=ADMIN)
    url = f"{server.url}/api/users"
    candidates = {
        "existing": basic("admin", "wrong-password"),
        "unknown": basic("nobody-7f3a", "wrong-password"),
        "deleted": basic("gone", "wrong-password"),
    }
    samples: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(ROUNDS):
        for name, header in candidates.items():
            started = time.perf_counter()
            response = http.get(url, headers=header)
            samples[name].append(time.perf_counter() - started)
            assert response.status_code == 401
    medians = {name: statistics.median(values) for name, values in samples.items()}
    # A skipped hash would make a lookup miss several times faster; the bound
    # is loose because the test machine's cores are shared.
    for name in ("unknown", "deleted"):
        assert medians[name] > 0.6 * medians["existing"], medians
        assert medians[name] < 1.6 * medians["existing"], medians


def test_authentication_comes_before_lookup(secured_server, http):
    existing = http.get(f"{secured_server.url}/api/users/1")
    missing = http.get(f"{secured_server.url}/api/users/999999")
    assert comparable(existing) == comparable(missing)
    assert existing.json()["title"] == "UnauthorizedError"
    deleted = http.delete(f"{secured_server.url}/api/users/999999")
    assert comparable(deleted)[:2] == comparable(existing)[:2]
