"""This project's client reads, creates, updates and deletes users."""

from __future__ import annotations

import pytest

from brainframe.api import BrainFrameAPI, bf_errors
from brainframe.api.bf_codecs import User
from tests.support.users import unique_name


def new_editor(api: BrainFrameAPI, prefix: str) -> User:
    user = User(
        username=unique_name(prefix), password="editor-password", role=User.Role.EDITOR
    )
    return api.set_user(user)


def test_version_has_api_level(admin_api):
    version = admin_api.version()
    assert isinstance(version, str)
    assert version.split(".")[:2] == ["0", "30"]


def test_get_users_lists_seeded_admin_first(admin_api):
    users = admin_api.get_users()
    assert users[0] == User(username="admin", password=None, role=User.Role.ADMIN, id=1)
    assert [user.id for user in users] == sorted(user.id for user in users)


def test_get_user_returns_one_user(admin_api):
    created = new_editor(admin_api, "gus")
    fetched = admin_api.get_user(created.id)
    assert fetched == created
    assert fetched.password is None
    assert fetched.role is User.Role.EDITOR


def test_set_user_creates_user(admin_api):
    created = new_editor(admin_api, "cy")
    assert isinstance(created.id, int)
    assert created.password is None
    assert created in admin_api.get_users()


def test_set_user_updates_name_and_role(admin_api):
    created = new_editor(admin_api, "ulf")
    changed = User(
        username=created.username + "-renamed",
        password=None,
        role=User.Role.ADMIN,
        id=created.id,
    )
    assert admin_api.set_user(changed) == changed
    assert admin_api.get_user(created.id) == changed


def test_set_user_updates_password(mode_server, admin_api):
    created = new_editor(admin_api, "pam")
    created.password = "a-new-password"
    updated = admin_api.set_user(created)
    assert updated.id == created.id
    assert updated.password is None
    if not mode_server.authorizes_clients:
        return
    with_new = BrainFrameAPI(
        mode_server.url, credentials=(created.username, "a-new-password")
    )
    assert with_new.get_user(created.id).username == created.username
    with_old = BrainFrameAPI(
        mode_server.url, credentials=(created.username, "editor-password")
    )
    with pytest.raises(bf_errors.UnauthorizedError):
        with_old.get_user(created.id)


def test_delete_user_removes_user(admin_api):
    created = new_editor(admin_api, "dot")
    assert admin_api.delete_user(created.id) is None
    assert created.id not in [user.id for user in admin_api.get_users()]


def test_non_latin1_credentials_log_in(mode_server, admin_api):
    name = unique_name("zoë-ŁÓDŹ-")
    admin_api.set_user(
        User(username=name, password="pässwörd-€", role=User.Role.EDITOR)
    )
    api = BrainFrameAPI(mode_server.url, credentials=(name, "pässwörd-€"))
    assert name in [user.username for user in api.get_users()]
