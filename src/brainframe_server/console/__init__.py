"""The web console's static files: its page, script, style sheet and icon.

They are plain HTML, CSS and JavaScript, served by
``brainframe_server.http.console_resources`` and shipped as package data.
"""
