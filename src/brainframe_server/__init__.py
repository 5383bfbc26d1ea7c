"""A BrainFrame-compatible users and authorization server."""

__version__ = "0.1.0"
