"""Python client for the users and authorization API of a BrainFrame server."""

from brainframe.api import bf_codecs, bf_errors
from brainframe.api._client import BrainFrameAPI

__all__ = ["BrainFrameAPI", "bf_codecs", "bf_errors"]
