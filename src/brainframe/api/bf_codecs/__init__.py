"""Data structures exchanged with the server."""

from brainframe.api.bf_codecs.user_codecs import User

__all__ = ["User"]
