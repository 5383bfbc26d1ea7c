"""The client's public names and signatures match the documented BrainFrame API."""

from __future__ import annotations

import inspect

import brainframe.api
from brainframe.api import BrainFrameAPI, bf_codecs, bf_errors
from brainframe.api.bf_codecs import User

USER_METHODS = {
    "get_user": ["self", "user_id", "timeout"],
    "get_users": ["self", "timeout"],
    "set_user": ["self", "user", "timeout"],
    "delete_user": ["self", "user_id", "timeout"],
}


def test_package_exports():
    assert sorted(brainframe.api.__all__) == ["BrainFrameAPI", "bf_codecs", "bf_errors"]
    assert bf_codecs.__all__ == ["User"]
    assert bf_codecs.User is User
    assert bf_codecs.user_codecs.User is User


def test_user_methods_default_to_30_second_timeout():
    for name, parameters in USER_METHODS.items():
        signature = inspect.signature(getattr(BrainFrameAPI, name))
        assert list(signature.parameters) == parameters, name
        assert signature.parameters["timeout"].default == 30, name


def test_user_constructor_signature():
    signature = inspect.signature(User)
    assert list(signature.parameters) == ["username", "password", "role", "id"]
    assert signature.parameters["id"].default is None
    user = User("ann", "secret-password", User.Role.EDITOR)
    assert user.id is None


def test_roles():
    assert User.Role.ADMIN.value == "admin"
    assert User.Role.EDITOR.value == "editor"
    assert sorted(User.Role.values()) == ["admin", "editor"]
    assert len(User.Role) == 2


def test_error_classes_share_root():
    titles = [
        "UnauthorizedError",
        "InvalidSessionError",
        "InsufficientRoleError",
        "UserNotFoundError",
        "DuplicateUsernameError",
        "AdminMustExistError",
        "InvalidFormatError",
        "InvalidSyntaxError",
        "UnknownError",
    ]
    for title in titles:
        error_type = bf_errors.kind_to_error_type[title]
        assert error_type is getattr(bf_errors, title)
        assert issubclass(error_type, bf_errors.BaseAPIError)
