"""Names that differ only by case or Unicode form cannot name two accounts.

Uniqueness compares the NFKC case-folded name, and login compares the NFC name
exactly, so a login never resolves to an account the uniqueness rule would
call someone else's.
"""

from __future__ import annotations

import pytest
import requests

from tests.support.sqlite_file import session_hashes
from tests.support.users import (
    assert_error,
    basic,
    create_user,
    list_users,
    post_user,
    unique_name,
)

ADMIN = basic("admin", "admin")


def editor(username: str) -> dict:
    return {"id": None, "username": username, "password": "pw-other", "role": "editor"}


@pytest.fixture(scope="module")
def server(secured_server):
    """The secured server, with alice, josé, bob and mike created."""
    http = requests.Session()
    for name, password in [
        ("alice", "pw-alice-long"),
        ("jos\u00e9", "pw-jose-long"),
        ("bob", "pw-bob-long"),
        ("mike", "pw-mike-long"),
    ]:
        create_user(http, secured_server.url, name, password, "editor", ADMIN)
    http.close()
    return secured_server


@pytest.mark.parametrize(
    "username",
    [
        "Alice",
        "ALICE",
        "Admin",
        "jose\u0301",  # e followed by a combining acute accent
        "JOS\u00c9",
        "\uff42\uff4f\uff42",  # full-width bob
        "\uff21\uff4c\uff49\uff43\uff45",  # full-width Alice
        "BOB",
    ],
)
def test_equivalent_name_is_duplicate(server, http, username):
    before = list_users(http, server.url, ADMIN)
    response = post_user(http, server.url, editor(username), ADMIN)
    assert_error(response, 409, "DuplicateUsernameError")
    assert list_users(http, server.url, ADMIN) == before


@pytest.mark.parametrize("username", ["ALICE", "jose\u0301", "\uff42\uff4f\uff42"])
def test_rename_onto_equivalent_name_is_duplicate(server, http, username):
    user = create_user(
        http, server.url, unique_name("ren"), "pw-ren-long", "editor", ADMIN
    )
    response = post_user(http, server.url, {**user, "username": username}, ADMIN)
    assert_error(response, 409, "DuplicateUsernameError")
    current = http.get(f"{server.url}/api/users/{user['id']}", headers=ADMIN)
    assert current.json() == user


def test_listing_keeps_created_casing(server, http):
    names = [user["username"] for user in list_users(http, server.url, ADMIN)]
    assert "alice" in names
    assert "jos\u00e9" in names
    assert "Alice" not in names


def test_login_with_other_case_is_rejected(server, http):
    response = http.get(
        f"{server.url}/api/users", headers=basic("ALICE", "pw-alice-long")
    )
    assert_error(response, 401, "UnauthorizedError")
    assert "set-cookie" not in response.headers


def test_decomposed_name_is_stored_composed(server, http):
    user = create_user(
        http, server.url, "rene\u0301e", "pw-renee-long", "editor", ADMIN
    )
    assert user["username"] == "ren\u00e9e"


def test_decomposed_login_resolves_to_composed_account(server, http):
    jose = next(
        u for u in list_users(http, server.url, ADMIN) if u["username"] == "jos\u00e9"
    )
    before = len(session_hashes(server, jose["id"]))
    for name in ["jos\u00e9", "jose\u0301"]:
        response = http.get(
            f"{server.url}/api/users", headers=basic(name, "pw-jose-long")
        )
        assert response.status_code == 200
    assert len(session_hashes(server, jose["id"])) == before + 2


def test_dotless_i_name_is_another_account(server, http):
    # NFKC case folding keeps the dotless i (U+0131) apart from i, so both
    # names may exist, and neither login may then reach the other account.
    dotless = create_user(
        http, server.url, "m\u0131ke", "pw-dotless-long", "editor", ADMIN
    )
    assert dotless["username"] == "m\u0131ke"
    for name in ["MIKE", "m\u0131ke"]:
        response = http.get(
            f"{server.url}/api/users", headers=basic(name, "pw-mike-long")
        )
        assert_error(response, 401, "UnauthorizedError")
    for name in ["MIKE", "mike"]:
        response = http.get(
            f"{server.url}/api/users", headers=basic(name, "pw-dotless-long")
        )
        assert_error(response, 401, "UnauthorizedError")


def test_password_matches_in_either_unicode_form(server, http):
    create_user(http, server.url, "cara", "caf\u00e9-secret", "editor", ADMIN)
    for password in ["caf\u00e9-secret", "cafe\u0301-secret"]:
        response = http.get(f"{server.url}/api/users", headers=basic("cara", password))
        assert response.status_code == 200
    wrong = http.get(f"{server.url}/api/users", headers=basic("cara", "cafe-secret"))
    assert_error(wrong, 401, "UnauthorizedError")
