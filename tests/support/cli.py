"""Running the real ``brainframe-server`` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.server import server_executable

COMMAND_TIMEOUT = 60


def run_cli(
    *args: str,
    cwd: Path,
    database_url: str | None = None,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the command with ``args`` in ``cwd`` and return its result.

    Standard input is ``stdin``, or empty when None, so a prompt never waits.
    """
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CONFIG_FILE"}
    }
    if database_url is not None:
        environ["DATABASE_URL"] = database_url
    environ.update(env or {})
    return subprocess.run(
        [server_executable(), *args],
        cwd=cwd,
        env=environ,
        input=stdin or "",
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
