"""An administrator's first session on a server that authorizes clients.

The admin logs in with the default credentials, adds an editor, changes the
admin password the way the BrainFrame manual does (``POST /api/users`` with
``"id": 1``), and removes the editor again.
"""

from __future__ import annotations

import pytest

from brainframe.api import BrainFrameAPI, bf_errors
from brainframe.api.bf_codecs import User

NEW_PASSWORD = "a-better-admin-password"


def test_admin_manages_users_and_password(start_server):
    server = start_server(authorize=True)
    admin = BrainFrameAPI(server.url, credentials=("admin", "admin"))
    assert admin.get_users() == [
        User(username="admin", password=None, role=User.Role.ADMIN, id=1)
    ]

    editor = admin.set_user(
        User(username="ed", password="ed-password", role=User.Role.EDITOR)
    )
    as_editor = BrainFrameAPI(server.url, credentials=("ed", "ed-password"))
    with pytest.raises(bf_errors.InsufficientRoleError):
        as_editor.set_user(
            User(username="x", password="x-password", role=User.Role.EDITOR)
        )

    changed = admin.set_user(
        User(id=1, username="admin", password=NEW_PASSWORD, role=User.Role.ADMIN)
    )
    assert changed == User(username="admin", password=None, role=User.Role.ADMIN, id=1)

    # The admin's own session survives the change, so this client, which
    # still has the old password, keeps working.
    admin.delete_user(editor.id)
    assert [user.username for user in admin.get_users()] == ["admin"]

    with pytest.raises(bf_errors.UnauthorizedError):
        BrainFrameAPI(server.url, credentials=("admin", "admin")).get_users()
    relogged = BrainFrameAPI(server.url, credentials=("admin", NEW_PASSWORD))
    assert [user.id for user in relogged.get_users()] == [1]
