"""Starting, measuring and stopping the servers under test."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A server process started in a session of its own, so that its workers
    can be stopped with it."""

    name: str
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        """Return the main process and every process below it."""
        found = [self.process.pid]
        for pid in found:
            found.extend(_children(pid))
        return found

    def rss_kib(self) -> dict[int, int]:
        return {pid: rss for pid in self.pids() if (rss := _rss_kib(pid))}

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=20)


def start(
    name: str,
    command: list[str],
    cpus: str | None,
    log_path: Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    port: int | None = None,
    ready_path: str = "/",
) -> Server:
    """Start ``command`` pinned to ``cpus`` and wait until it responds to HTTP."""
    port = port or free_port()
    full = [arg.replace("{port}", str(port)) for arg in command]
    if cpus is not None:
        full = ["taskset", "-c", cpus, *full]
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            full,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            cwd=cwd,
            start_new_session=True,
        )
    server = Server(name, port, process)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{name} exited with {process.returncode}; see {log_path}"
            )
        if _answers(server.url + ready_path):
            _check_port_is_ours(server)
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(
        f"{name} did not respond within {START_TIMEOUT}s; see {log_path}"
    )


def _check_port_is_ours(server: Server) -> None:
    """Stop unless only this server's processes listen on its port.

    granian sets SO_REUSEPORT, so another granian server that picked the same
    free port would silently take a share of the connections.
    """
    listing = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{server.port}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listeners = {int(pid) for pid in re.findall(r"pid=(\d+)", listing)}
    foreign = listeners - set(server.pids())
    if foreign:
        server.stop()
        raise RuntimeError(
            f"Port {server.port} of {server.name} is shared with processes "
            f"{sorted(foreign)}; run the benchmark again to pick another port"
        )


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in path.read_text().split()]
    except OSError:
        return []


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
