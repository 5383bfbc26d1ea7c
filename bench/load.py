"""Running wrk and reading its report."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).parent / "lua"
LOAD_CPU = "0"

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int

    def to_json(self) -> dict[str, float]:
        return {
            "requests_per_second": self.requests_per_second,
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
            "requests": self.requests,
            "errors": self.errors,
        }


def wrk_command(
    url: str,
    duration: float,
    connections: int,
    headers: dict[str, str] | None = None,
    script: str | None = None,
    script_args: list[str] | None = None,
    cpus: str | None = LOAD_CPU,
) -> list[str]:
    """Build a wrk command line: one thread, a bounded run, latency report."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{round(duration)}s", "--latency"]
    command.append(f"--timeout={max(2, int(duration))}s")
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(LUA / script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    if cpus is not None:
        command = ["taskset", "-c", cpus, *command]
    return command


def run_wrk(command: list[str], timeout: float) -> LoadResult:
    """Run wrk to completion and parse its report.

    Raises:
        RuntimeError: wrk failed, or some responses were errors, which means
            the scenario did not measure what it claims to.
    """
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def parse_wrk(report: str) -> LoadResult:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    total = re.search(r"(\d+) requests in", report)
    if rate is None or total is None:
        raise RuntimeError(f"wrk printed no result:\n{report}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", report)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return LoadResult(
        requests_per_second=float(rate.group(1)),
        p50_ms=_percentile(report, "50%"),
        p99_ms=_percentile(report, "99%"),
        requests=int(total.group(1)),
        errors=errors,
    )


def _percentile(report: str, label: str) -> float:
    match = re.search(
        rf"^\s+{re.escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", report, re.M
    )
    if match is None:
        raise RuntimeError(f"wrk printed no {label} latency:\n{report}")
    return float(match.group(1)) * _UNITS[match.group(2)]
