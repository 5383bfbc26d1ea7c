"""The official client's session flow: Basic once, then the session_id cookie.

The server stores sessions in its database, so the tests read and delete
session rows in the SQLite file to see which credentials the client sent and
to end a session behind the client's back.
"""

from __future__ import annotations

import pytest
from tests.support.server import count_logged_requests
from tests.support.sqlite_file import end_sessions, session_hashes

from brainframe.api import BrainFrameAPI, bf_errors
from brainframe.api.bf_codecs import User


@pytest.fixture
def secured(start_server):
    return start_server(authorize=True)


def test_client_reuses_session_cookie(secured):
    api = BrainFrameAPI(secured.url, credentials=("admin", "admin"))
    api.get_users()
    first = session_hashes(secured, 1)
    assert len(first) == 1
    api.get_users()
    api.version()
    api.get_user(1)
    # A request with Basic credentials opens a session, so one session after
    # four requests means the last three carried the cookie.
    assert session_hashes(secured, 1) == first


def test_ended_session_is_retried_with_basic(secured):
    api = BrainFrameAPI(secured.url, credentials=("admin", "admin"))
    api.get_users()
    old = session_hashes(secured, 1)
    assert end_sessions(secured, 1) == 1
    assert [user.username for user in api.get_users()] == ["admin"]
    assert count_logged_requests(secured, "GET", "/api/users", 401) == 1
    new = session_hashes(secured, 1)
    assert len(new) == 1
    assert new != old
    api.get_users()
    assert session_hashes(secured, 1) == new


def test_password_change_ends_other_clients_sessions(secured):
    admin = BrainFrameAPI(secured.url, credentials=("admin", "admin"))
    ed = admin.set_user(
        User(username="ed", password="first-password", role=User.Role.EDITOR)
    )
    as_ed = BrainFrameAPI(secured.url, credentials=("ed", "first-password"))
    as_ed.get_users()
    assert len(session_hashes(secured, ed.id)) == 1
    ed.password = "second-password"
    admin.set_user(ed)
    assert session_hashes(secured, ed.id) == []
    with pytest.raises(bf_errors.UnauthorizedError):
        as_ed.get_users()
    as_ed.set_credentials(("ed", "second-password"))
    assert as_ed.get_user(ed.id).username == "ed"


def test_deleted_user_session_ends(secured):
    admin = BrainFrameAPI(secured.url, credentials=("admin", "admin"))
    ed = admin.set_user(
        User(username="ed", password="ed-password", role=User.Role.EDITOR)
    )
    as_ed = BrainFrameAPI(secured.url, credentials=("ed", "ed-password"))
    as_ed.get_users()
    admin.delete_user(ed.id)
    with pytest.raises(bf_errors.UnauthorizedError):
        as_ed.get_users()
    assert count_logged_requests(secured, "GET", "/api/users", 401) == 2


def test_open_server_ignores_credentials(start_server):
    server = start_server(authorize=False)
    api = BrainFrameAPI(server.url, credentials=("nobody", "wrong-password"))
    assert [user.username for user in api.get_users()] == ["admin"]
    created = api.set_user(
        User(username="ann", password="ann-password", role=User.Role.EDITOR)
    )
    api.delete_user(created.id)
    assert [user.username for user in api.get_users()] == ["admin"]
