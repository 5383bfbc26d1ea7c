"""Every error the users API sends reaches the official client as its own class."""

from __future__ import annotations

import itertools

import pytest

from brainframe.api import BrainFrameAPI, bf_errors
from brainframe.api.bf_codecs import User

_names = itertools.count(1)


def editor(username: str, user_id: int | None = None) -> User:
    return User(
        username=username, password="editor-password", role=User.Role.EDITOR, id=user_id
    )


def test_unknown_id_is_user_not_found(admin_api):
    with pytest.raises(bf_errors.UserNotFoundError):
        admin_api.get_user(999_999)
    with pytest.raises(bf_errors.UserNotFoundError):
        admin_api.delete_user(999_999)
    with pytest.raises(bf_errors.UserNotFoundError):
        admin_api.set_user(editor(f"nobody{next(_names)}", user_id=999_999))


def test_taken_name_is_duplicate_username(admin_api):
    with pytest.raises(bf_errors.DuplicateUsernameError):
        admin_api.set_user(editor("admin"))
    with pytest.raises(bf_errors.DuplicateUsernameError):
        admin_api.set_user(editor("ADMIN"))
    created = admin_api.set_user(editor(f"dup{next(_names)}"))
    with pytest.raises(bf_errors.DuplicateUsernameError):
        admin_api.set_user(editor("admin", user_id=created.id))


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("has:colon", "editor-password"),
        ("", "editor-password"),
        (" padded", "editor-password"),
        ("short-password", "short"),
    ],
)
def test_invalid_values_are_invalid_format(admin_api, username, password):
    user = User(username=username, password=password, role=User.Role.EDITOR)
    with pytest.raises(bf_errors.InvalidFormatError):
        admin_api.set_user(user)


def test_new_user_without_password_is_invalid_format(admin_api):
    user = User(username=f"nopw{next(_names)}", password=None, role=User.Role.EDITOR)
    with pytest.raises(bf_errors.InvalidFormatError):
        admin_api.set_user(user)


@pytest.mark.parametrize("authorize", [False, True], ids=["open", "secured"])
def test_last_admin_is_admin_must_exist(start_server, authorize):
    server = start_server(authorize=authorize)
    api = BrainFrameAPI(server.url, credentials=("admin", "admin"))
    with pytest.raises(bf_errors.AdminMustExistError):
        api.delete_user(1)
    demoted = User(username="admin", password=None, role=User.Role.EDITOR, id=1)
    with pytest.raises(bf_errors.AdminMustExistError):
        api.set_user(demoted)
    assert api.get_user(1).role is User.Role.ADMIN


def test_wrong_or_missing_credentials_are_unauthorized(start_server):
    server = start_server(authorize=True)
    wrong = BrainFrameAPI(server.url, credentials=("admin", "wrong-password"))
    with pytest.raises(bf_errors.UnauthorizedError):
        wrong.get_users()
    unknown = BrainFrameAPI(server.url, credentials=("nobody", "admin"))
    with pytest.raises(bf_errors.UnauthorizedError):
        unknown.version()
    anonymous = BrainFrameAPI(server.url)
    with pytest.raises(bf_errors.UnauthorizedError):
        anonymous.get_user(1)


def test_editor_is_refused_admin_requests(start_server):
    server = start_server(authorize=True)
    admin = BrainFrameAPI(server.url, credentials=("admin", "admin"))
    created = admin.set_user(editor("eve"))
    as_editor = BrainFrameAPI(server.url, credentials=("eve", "editor-password"))
    assert [user.username for user in as_editor.get_users()] == ["admin", "eve"]
    with pytest.raises(bf_errors.InsufficientRoleError):
        as_editor.set_user(editor("mallory"))
    with pytest.raises(bf_errors.InsufficientRoleError):
        as_editor.set_user(
            User(username="eve", password=None, role=User.Role.ADMIN, id=created.id)
        )
    with pytest.raises(bf_errors.InsufficientRoleError):
        as_editor.delete_user(1)
    assert [user.username for user in admin.get_users()] == ["admin", "eve"]
    assert admin.get_user(created.id).role is User.Role.EDITOR
