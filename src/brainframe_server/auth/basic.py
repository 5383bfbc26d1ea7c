"""Parsing of HTTP Basic credentials (RFC 7617)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from brainframe_server.errors import UnauthorizedError

# Longer headers are rejected before decoding. A password at the maximum
# length setting, in UTF-8 and base64, stays well below this.
MAX_HEADER_LENGTH = 32 * 1024


@dataclass(frozen=True)
class BasicCredentials:
    username: str
    password: str

    def __repr__(self) -> str:
        return f"BasicCredentials(username={self.username!r}, password='***')"


def parse_basic(header: str) -> BasicCredentials:
    """Decode an ``Authorization: Basic`` header value.

    The scheme is case-insensitive, the user-id ends at the first colon (the
    password may contain colons), and the text is UTF-8, or Latin-1 when it is
    not valid UTF-8, which is what the ``requests`` library sends.

    Raises:
        UnauthorizedError: the header is not well-formed Basic credentials.
    """
    if len(header) > MAX_HEADER_LENGTH:
        raise _malformed("is too long")
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic":
        raise _malformed("does not use the Basic scheme")
    decoded = _decode_base64(encoded.strip())
    text = _decode_text(decoded)
    username, colon, password = text.partition(":")
    if not colon:
        raise _malformed("has no ':' between username and password")
    return BasicCredentials(username, password)


def _decode_base64(encoded: str) -> bytes:
    if not encoded:
        raise _malformed("has no credentials after the scheme")
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise _malformed("is not valid base64") from None


def _decode_text(decoded: bytes) -> str:
    try:
        return decoded.decode("utf-8")
    except UnicodeDecodeError:
        return decoded.decode("latin-1")


def _malformed(reason: str) -> UnauthorizedError:
    return UnauthorizedError(f"The Authorization header {reason}.")
