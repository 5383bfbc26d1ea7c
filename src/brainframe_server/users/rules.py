"""Rules for usernames, passwords and roles.

Usernames are stored in Unicode NFC form and compared exactly at login.
Uniqueness is decided on a key, the NFKC case-folded form, so that ``Alice``,
``alice`` and the full-width ``\uff41lice`` cannot name two accounts.
Passwords are NFC-normalized before hashing and before verifying, so that the
same text typed with composed or decomposed accents matches.
"""

from __future__ import annotations

import unicodedata

from brainframe_server.errors import InvalidFormatError
from brainframe_server.users.model import Role

USERNAME_MAX_LENGTH = 64

# Unicode categories never allowed in a username: control, format (zero-width
# and direction marks), surrogate, private use and unassigned code points, and
# line and paragraph separators.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

# Default-ignorable code points (Unicode's DerivedCoreProperties.txt) that are
# not of a forbidden category: variation selectors, the combining grapheme
# joiner and the Hangul fillers, which render as nothing or as blank space.
_INVISIBLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0100, 0xE01EF),
)


def normalize_username(username: str) -> str:
    """Return the stored form of a username, or raise if it is not acceptable.

    Raises:
        InvalidFormatError: the name is empty, too long, has surrounding white
            space, a colon (HTTP Basic could not send it) or an invisible or
            control character.
    """
    name = unicodedata.normalize("NFC", username)
    if not name or name.isspace():
        raise InvalidFormatError("The username is empty: expected 1 to 64 characters.")
    if len(name) > USERNAME_MAX_LENGTH:
        raise InvalidFormatError(
            f"The username has {len(name)} characters: expected at most "
            f"{USERNAME_MAX_LENGTH}."
        )
    if name != name.strip():
        raise InvalidFormatError(
            f"The username {name!r} starts or ends with white space, which is "
            "not allowed."
        )
    if ":" in unicodedata.normalize("NFKC", name):
        raise InvalidFormatError(
            f"The username {name!r} contains ':' or a form of it, which HTTP "
            "Basic credentials cannot carry."
        )
    if unicodedata.category(name[0]).startswith("M"):
        raise InvalidFormatError(
            "The username starts with a combining mark, which is not allowed."
        )
    for char in name:
        if _is_invisible(char):
            raise InvalidFormatError(
                f"The username contains the invisible or control character "
                f"U+{ord(char):04X}, which is not allowed."
            )
    # NOTE: look-alikes from other scripts, such as 'admin' spelled with a
    # Cyrillic U+0430 for its 'a', are still accepted; rejecting them needs
    # Unicode's confusables data.
    return name


def _is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    if category in _FORBIDDEN_CATEGORIES:
        return True
    if category == "Zs" and char != " ":
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _INVISIBLE_RANGES)


def username_key(username: str) -> str:
    """Return the key on which usernames must be unique."""
    return unicodedata.normalize("NFKC", username).casefold()


def normalize_password(password: str, minimum: int, maximum: int) -> str:
    """Return the form of a new password that is hashed, or raise if it is invalid.

    Raises:
        InvalidFormatError: the password is shorter than ``minimum`` or longer
            than ``maximum`` characters. The message never contains the password.
    """
    if len(password) > maximum:
        raise InvalidFormatError(
            f"The password is longer than the maximum of {maximum} characters."
        )
    text = unicodedata.normalize("NFC", password)
    if len(text) < minimum:
        raise InvalidFormatError(
            f"The password has {len(text)} characters: expected at least {minimum}."
        )
    return text


def password_for_verify(password: str) -> str:
    """Return the form of a password sent at login that is checked against a hash."""
    return unicodedata.normalize("NFC", password)


def parse_role(value: object) -> Role:
    """Return the role named by ``value``: exactly ``admin`` or ``editor``.

    Raises:
        InvalidFormatError: any other value, including other spellings.
    """
    if isinstance(value, str):
        try:
            return Role(value)
        except ValueError:
            pass
    raise InvalidFormatError(
        f"The role {value!r} is invalid: expected 'admin' or 'editor'."
    )
