"""Start and stop a real server process on a free loopback port.

Only the standard library is used here, so that the official client's test
suite, which runs in a virtual environment of its own, can import this too.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT = 30.0


def server_executable() -> str:
    """Return the ``brainframe-server`` command of the environment under test."""
    explicit = os.environ.get("BRAINFRAME_SERVER")
    if explicit:
        return explicit
    return str(Path(sys.executable).with_name("brainframe-server"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerProcess:
    """A server started by a test, with its log file and database."""

    directory: Path
    database_url: str
    settings: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.settings.get("TLS_CERTIFICATE") else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def authorizes_clients(self) -> bool:
        return self.settings.get("AUTHORIZE_CLIENTS", "false") == "true"

    @property
    def log_path(self) -> Path:
        return self.directory / f"server-{self.port}.log"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def flush_log(self) -> str:
        """Return the log once the lines of every request served so far are in it.

        Exact for a server with one worker, whose access lines keep the order
        in which its requests ended: the line of a marker request sent now
        comes after all of them.
        """
        marker = f"log-marker-{time.monotonic_ns()}"
        probe = f"{self.url}/health/live"
        request = urllib.request.Request(probe, headers={"X-Request-ID": marker})  # noqa: S310
        context = ssl._create_unverified_context()  # noqa: S323
        with urllib.request.urlopen(request, timeout=5, context=context):  # noqa: S310
            pass
        return self.wait_for_log(marker)

    def wait_for_log(self, text: str, timeout: float = 5.0) -> str:
        """Return the log once it contains ``text``.

        The server writes its access lines from a thread of their own, so a
        request's line can land shortly after its response.
        """
        deadline = time.monotonic() + timeout
        while text not in (log := self.log_text()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} is not in the server log")
            time.sleep(0.02)
        return log

    def start(self) -> ServerProcess:
        env = {**os.environ, **self.settings}
        env.setdefault("LOG_LEVEL", "INFO")
        command = [
            server_executable(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--database-url",
            self.database_url,
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.directory,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_serving()
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        self.process = None

    def kill(self) -> None:
        """End the server at once, as a crash would."""
        self.stop(signal.SIGKILL)

    def restart(self) -> ServerProcess:
        self.stop()
        self.port = free_port()
        return self.start()

    def _wait_until_serving(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"The server exited with {self.process.returncode}:\n"
                    + self.log_text()
                )
            if _answers(self.url + "/api/version"):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("The server did not start in time:\n" + self.log_text())


def _answers(url: str) -> bool:
    # The readiness probe only needs an answer, not a verified certificate.
    context = ssl._create_unverified_context()  # noqa: S323
    try:
        with urllib.request.urlopen(url, timeout=1, context=context):  # noqa: S310
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def sqlite_url(directory: Path, name: str = "users.db") -> str:
    return f"sqlite:///{directory / name}"


def count_logged_requests(
    server: ServerProcess, method: str, path: str, status: int
) -> int:
    """Count the server's request log lines for one method, path and status.

    The server must run one worker, as ``ServerProcess.flush_log`` explains.
    """
    pattern = re.compile(
        rf" brainframe_server\.requests: {re.escape(method)} {re.escape(path)} "
        rf"{status} "
    )
    return len(pattern.findall(server.flush_log()))
