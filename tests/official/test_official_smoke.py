"""The official client logs in, lists users and is refused what editors may not do."""

from brainframe.api import BrainFrameAPI, bf_errors
from brainframe.api.bf_codecs import User


def test_official_client_manages_users(start_server):
    server = start_server(authorize=True)
    api = BrainFrameAPI(server.url, credentials=("admin", "admin"))
    assert [u.username for u in api.get_users()] == ["admin"]
    editor = api.set_user(
        User(username="ed", password="ed-password", role=User.Role.EDITOR)
    )
    as_editor = BrainFrameAPI(server.url, credentials=("ed", "ed-password"))
    try:
        as_editor.set_user(
            User(username="x", password="x-password", role=User.Role.EDITOR)
        )
    except bf_errors.InsufficientRoleError:
        pass
    else:
        raise AssertionError("an editor created a user")
    api.delete_user(editor.id)
    assert [u.username for u in api.get_users()] == ["admin"]
