"""The HTTP API: a Falcon WSGI application."""
