"""Every error the users API sends reaches this project's client as its own class."""

from __future__ import annotations

import pytest

from brainframe.api import BrainFrameAPI, bf_errors
from brainframe.api.bf_codecs import User
from tests.support.server import free_port
from tests.support.users import unique_name


def editor(username: str, user_id: int | None = None) -> User:
    return User(
        username=username, password="editor-password", role=User.Role.EDITOR, id=user_id
    )


def test_unknown_id_is_user_not_found(admin_api):
    with pytest.raises(bf_errors.UserNotFoundError) as raised:
        admin_api.get_user(999_999)
    assert raised.value.status_code == 404
    with pytest.raises(bf_errors.UserNotFoundError):
        admin_api.delete_user(999_999)
    with pytest.raises(bf_errors.UserNotFoundError):
        admin_api.set_user(editor(unique_name("nobody"), user_id=999_999))


def test_taken_name_is_duplicate_username(admin_api):
    with pytest.raises(bf_errors.DuplicateUsernameError) as raised:
        admin_api.set_user(editor("ADMIN"))
    assert raised.value.status_code == 409
    created = admin_api.set_user(editor(unique_name("dup")))
    with pytest.raises(bf_errors.DuplicateUsernameError):
        admin_api.set_user(editor("admin", user_id=created.id))


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("has:colon", "editor-password"),
        ("", "editor-password"),
        ("padded ", "editor-password"),
        ("short-password", "short"),
        ("no-password", None),
    ],
)
def test_invalid_values_are_invalid_format(admin_api, username, password):
    user = User(username=username, password=password, role=User.Role.EDITOR)
    with pytest.raises(bf_errors.InvalidFormatError) as raised:
        admin_api.set_user(user)
    assert raised.value.status_code == 400
    assert password is None or password not in raised.value.description


@pytest.mark.parametrize("authorize", [False, True], ids=["open", "secured"])
def test_last_admin_is_admin_must_exist(start_server, authorize):
    server = start_server(authorize=authorize)
    api = BrainFrameAPI(server.url, credentials=("admin", "admin"))
    with pytest.raises(bf_errors.AdminMustExistError) as raised:
        api.delete_user(1)
    assert raised.value.status_code == 409
    demoted = User(username="admin", password=None, role=User.Role.EDITOR, id=1)
    with pytest.raises(bf_errors.AdminMustExistError):
        api.set_user(demoted)
    assert api.get_user(1).role is User.Role.ADMIN


def test_wrong_or_missing_credentials_are_unauthorized(secured_server):
    wrong = BrainFrameAPI(secured_server.url, credentials=("admin", "wrong-password"))
    with pytest.raises(bf_errors.UnauthorizedError) as raised:
        wrong.get_users()
    assert raised.value.status_code == 401
    anonymous = BrainFrameAPI(secured_server.url)
    with pytest.raises(bf_errors.UnauthorizedError):
        anonymous.get_user(1)


def test_editor_is_refused_admin_requests(start_server):
    server = start_server(authorize=True)
    admin = BrainFrameAPI(server.url, credentials=("admin", "admin"))
    created = admin.set_user(editor("eve"))
    as_editor = BrainFrameAPI(server.url, credentials=("eve", "editor-password"))
    assert [user.username for user in as_editor.get_users()] == ["admin", "eve"]
    with pytest.raises(bf_errors.InsufficientRoleError) as raised:
        as_editor.set_user(editor("mallory"))
    assert raised.value.status_code == 403
    with pytest.raises(bf_errors.InsufficientRoleError):
        as_editor.delete_user(1)
    assert [user.username for user in admin.get_users()] == ["admin", "eve"]
    assert admin.get_user(created.id).role is User.Role.EDITOR


def test_unreachable_server_is_not_ready():
    api = BrainFrameAPI(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(bf_errors.ServerNotReadyError):
        api.version(timeout=2)


def test_wait_returns_for_running_server(secured_server):
    api = BrainFrameAPI(secured_server.url, credentials=("admin", "admin"))
    assert api.wait_for_server_initialization(timeout=10) is None


def test_wait_reports_wrong_credentials(secured_server):
    api = BrainFrameAPI(secured_server.url, credentials=("admin", "wrong-password"))
    with pytest.raises(bf_errors.UnauthorizedError):
        api.wait_for_server_initialization(timeout=10)


def test_wait_times_out_without_server():
    api = BrainFrameAPI(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(TimeoutError):
        api.wait_for_server_initialization(timeout=1)
