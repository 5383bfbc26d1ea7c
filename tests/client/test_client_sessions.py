"""This project's client logs in with Basic once, then sends the session cookie."""

from __future__ import annotations

import pytest

from brainframe.api import BrainFrameAPI, bf_errors
from brainframe.api.bf_codecs import User
from tests.support.server import count_logged_requests
from tests.support.sqlite_file import end_sessions, session_hashes


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
    # Every Basic login opens a session, so one session after four requests
    # means the last three carried the cookie.
    assert session_hashes(secured, 1) == first


def test_ended_session_is_retried_once_with_basic(secured):
    api = BrainFrameAPI(secured.url, credentials=("admin", "admin"))
    api.get_user(1)
    old = session_hashes(secured, 1)
    assert end_sessions(secured, 1) == 1
    assert api.get_user(1).username == "admin"
    assert count_logged_requests(secured, "GET", "/api/users/1", 401) == 1
    assert count_logged_requests(secured, "GET", "/api/users/1", 200) == 2
    new = session_hashes(secured, 1)
    assert len(new) == 1
    assert new != old


def test_failed_retry_raises_without_looping(secured):
    admin = BrainFrameAPI(secured.url, credentials=("admin", "admin"))
    ed = admin.set_user(
        User(username="ed", password="first-password", role=User.Role.EDITOR)
    )
    as_ed = BrainFrameAPI(secured.url, credentials=("ed", "first-password"))
    as_ed.get_user(ed.id)
    ed.password = "second-password"
    admin.set_user(ed)
    path = f"/api/users/{ed.id}"
    with pytest.raises(bf_errors.UnauthorizedError):
        as_ed.get_user(ed.id)
    # One request with the ended session, one retry with the old password.
    assert count_logged_requests(secured, "GET", path, 401) == 2
    with pytest.raises(bf_errors.UnauthorizedError):
        as_ed.get_user(ed.id)
    assert count_logged_requests(secured, "GET", path, 401) == 3


def test_new_credentials_start_new_session(secured):
    admin = BrainFrameAPI(secured.url, credentials=("admin", "admin"))
    ed = admin.set_user(
        User(username="ed", password="ed-password", role=User.Role.EDITOR)
    )
    admin.get_users()
    admin.set_credentials(("ed", "ed-password"))
    admin.get_users()
    assert len(session_hashes(secured, ed.id)) == 1
    with pytest.raises(bf_errors.InsufficientRoleError):
        admin.delete_user(ed.id)


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


def test_open_server_ignores_credentials(open_server):
    api = BrainFrameAPI(open_server.url, credentials=("nobody", "wrong-password"))
    assert "admin" in [user.username for user in api.get_users()]
