"""Parallel writes of one username leave exactly one user with that name."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests

from tests.support.users import (
    assert_error,
    basic,
    cookie_header,
    create_user,
    list_users,
    session_cookie,
)

WRITERS = 10


def admin_session(http, server) -> dict[str, str]:
    login = http.get(f"{server.url}/api/users", headers=basic("admin", "admin"))
    return cookie_header(session_cookie(login))


def post_all(url: str, bodies: list[dict], headers: dict) -> list[requests.Response]:
    # One connection per request, sent from parallel threads.
    def post(body: dict) -> requests.Response:
        return requests.post(f"{url}/api/users", json=body, headers=headers, timeout=30)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(post, bodies))


def test_parallel_creates_of_one_name(start_server, http):
    server = start_server(authorize=True)
    as_admin = admin_session(http, server)
    bodies = [
        {
            "id": None,
            "username": "bob" if n % 2 else "Bob",
            "password": f"pw-bob-{n:04d}",
            "role": "editor",
        }
        for n in range(WRITERS)
    ]
    responses = post_all(server.url, bodies, as_admin)

    winners = [n for n, r in enumerate(responses) if r.status_code == 200]
    assert len(winners) == 1
    for n, response in enumerate(responses):
        if n != winners[0]:
            assert_error(response, 409, "DuplicateUsernameError")
    names = [u["username"] for u in list_users(http, server.url, as_admin)]
    assert names == ["admin", bodies[winners[0]]["username"]]

    winner = bodies[winners[0]]
    login = http.get(
        f"{server.url}/api/users", headers=basic(winner["username"], winner["password"])
    )
    assert login.status_code == 200
    loser = bodies[(winners[0] + 2) % WRITERS]
    wrong = http.get(
        f"{server.url}/api/users", headers=basic(winner["username"], loser["password"])
    )
    assert_error(wrong, 401, "UnauthorizedError")


def test_parallel_renames_onto_one_name(start_server, http):
    server = start_server()
    users = [
        create_user(http, server.url, f"user{n}", "pw-user-long")
        for n in range(WRITERS)
    ]
    bodies = [
        {**user, "username": "Carol" if n % 2 else "carol"}
        for n, user in enumerate(users)
    ]
    responses = post_all(server.url, bodies, {})

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * (WRITERS - 1)
    keys = [u["username"].casefold() for u in list_users(http, server.url)]
    assert keys.count("carol") == 1
    assert len(keys) == WRITERS + 1


def test_parallel_create_and_rename_of_one_name(start_server, http):
    server = start_server()
    users = [
        create_user(http, server.url, f"user{n}", "pw-user-long") for n in range(5)
    ]
    renames = [{**user, "username": "dana"} for user in users]
    creates = [
        {"id": None, "username": "DANA", "password": "pw-dana-long", "role": "editor"}
    ] * 5
    responses = post_all(server.url, renames + creates, {})

    assert sorted(r.status_code for r in responses) == [200] + [409] * 9
    keys = [u["username"].casefold() for u in list_users(http, server.url)]
    assert keys.count("dana") == 1
