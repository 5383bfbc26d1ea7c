"""The servers and load of each scenario. Servers run on SERVER_CPU, wrk on
LOAD_CPU, both on loopback."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import data, processes
from bench.load import LoadResult, run_wrk, wrk_command

SERVER_CPU = "1"
USER_PATH = "/api/users/1"

# Timing one argon2id verify with the server's default costs, on SERVER_CPU.
_VERIFY_TIMER = """
import statistics, time, argon2
hasher = argon2.PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
stored = hasher.hash("bench-password-1")
times = []
for _ in range(15):
    started = time.perf_counter()
    hasher.verify(stored, "bench-password-1")
    times.append(time.perf_counter() - started)
print(statistics.median(times))
"""


@dataclass
class Bench:
    """Paths, settings and the servers started so far."""

    root: Path
    run_dir: Path
    duration: float
    connections: int
    list_sizes: tuple[int, ...]
    session_count: int
    servers: list[processes.Server] = field(default_factory=list)

    @property
    def server_command(self) -> str:
        return str(self.root / ".venv" / "bin" / "brainframe-server")

    @property
    def server_python(self) -> str:
        return str(self.root / ".venv" / "bin" / "python")

    def wrk(self, url: str, connections: int | None = None, **options) -> LoadResult:
        command = wrk_command(
            url, self.duration, connections or self.connections, **options
        )
        result = run_wrk(command, timeout=self.duration + 60)
        if result.errors:
            raise RuntimeError(f"{result.errors} failed requests to {url}")
        return result

    def stop_all(self) -> None:
        for server in self.servers:
            server.stop()


def start_bare(bench: Bench) -> processes.Server:
    server = processes.start(
        "bare",
        [sys.executable, *_uvicorn("bench.apps.bare:app")],
        SERVER_CPU,
        bench.run_dir / "bare.log",
        cwd=bench.root,
    )
    bench.servers.append(server)
    return server


def start_peer(bench: Bench) -> tuple[processes.Server, str]:
    """Start fastapi-users and return it with a bearer token of its user."""
    database = bench.run_dir / "peer.db"
    email, password = "bench@example.com", data.PASSWORD
    subprocess.run(
        [sys.executable, "-m", "bench.apps.peer", str(database), email, password],
        check=True,
        cwd=bench.root,
        capture_output=True,
    )
    server = processes.start(
        "peer",
        [sys.executable, *_uvicorn("bench.apps.peer:app")],
        SERVER_CPU,
        bench.run_dir / "peer.log",
        env={"PEER_DATABASE": str(database)},
        cwd=bench.root,
    )
    bench.servers.append(server)
    form = urllib.parse.urlencode({"username": email, "password": password})
    with urllib.request.urlopen(  # noqa: S310 - loopback
        server.url + "/auth/db/login", data=form.encode()
    ) as response:
        token = json.load(response)["access_token"]
    return server, token


def start_ours(
    bench: Bench,
    name: str,
    database: Path,
    cpus: str | None = SERVER_CPU,
    workers: int = 1,
    source: Path | None = None,
) -> processes.Server:
    """Start the users server with authorization on and its default settings.

    ``source`` is another checkout's ``src`` folder to run instead of the
    installed code, with the same environment and dependencies.
    """
    server = processes.start(
        name,
        [
            bench.server_command,
            "serve",
            "--port",
            "{port}",
            "--database-url",
            f"sqlite:///{database}",
            "--workers",
            str(workers),
            "--authorize-clients",
        ],
        cpus,
        bench.run_dir / f"{name}.log",
        env={"PYTHONPATH": str(source)} if source is not None else None,
        cwd=bench.run_dir,
        ready_path="/api/version",
    )
    bench.servers.append(server)
    return server


def new_database(bench: Bench, name: str) -> Path:
    path = bench.run_dir / f"{name}.db"
    data.create_database(bench.server_command, path)
    return path


def session_cookie(server: processes.Server, username: str = data.READER) -> str:
    """Log in with Basic credentials and return the ``Cookie`` header value."""
    request = urllib.request.Request(  # noqa: S310 - loopback
        server.url + USER_PATH,
        headers={"Authorization": data.basic_header(username)},
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 - loopback
        cookie = response.headers["Set-Cookie"]
    return cookie.split(";", 1)[0]


def verify_seconds(bench: Bench) -> float:
    """Return the median time of one default argon2id verify on SERVER_CPU."""
    done = subprocess.run(
        ["taskset", "-c", SERVER_CPU, bench.server_python, "-c", _VERIFY_TIMER],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip())


def logins_with_sessions(
    bench: Bench,
    server: processes.Server,
    login_headers: Path,
    cookie: str,
    login_connections: int = 4,
    session_connections: int = 4,
    session_delay_ms: int = 10,
) -> tuple[LoadResult, LoadResult]:
    """Run fresh Basic logins and a steady session load at the same time."""
    logins = wrk_command(
        server.url + USER_PATH,
        bench.duration,
        login_connections,
        script="lines.lua",
        script_args=[str(login_headers), "Authorization"],
    )
    sessions = wrk_command(
        server.url + USER_PATH,
        bench.duration,
        session_connections,
        headers={"Cookie": cookie},
        script="paced.lua",
        script_args=[str(session_delay_ms)],
    )
    results: dict[str, LoadResult] = {}
    threads = [
        threading.Thread(
            target=lambda key=key, command=command: results.__setitem__(
                key, run_wrk(command, timeout=bench.duration + 60)
            )
        )
        for key, command in (("logins", logins), ("sessions", sessions))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, result in results.items():
        if result.errors:
            raise RuntimeError(f"{result.errors} failed requests among the {name}")
    return results["logins"], results["sessions"]


def load_with_peak_rss(
    bench: Bench, server: processes.Server, run
) -> tuple[LoadResult, int, int]:
    """Run ``run()`` while sampling the server's RSS.

    Returns the load result, the RSS of all its processes before the load, and
    the highest total RSS seen during it, in KiB.
    """
    idle = sum(server.rss_kib().values())
    peak = idle
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(server.rss_kib().values()))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        result = run()
    finally:
        stop.set()
        sampler.join()
    return result, idle, peak


def median_min_max(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def _uvicorn(app: str) -> list[str]:
    return [
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
