"""Run every scenario in interleaved rounds and write the results.

Each round measures the bare ASGI app, the users server and fastapi-users
back to back. The order rotates from round to round, so that a burst of load
from elsewhere on the machine hits the reference and the server under test
alike. Every figure that matters is a ratio within one round.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from bench import data, scenarios
from bench.load import LOAD_CPU, LoadResult
from bench.scenarios import USER_PATH, Bench, median_min_max

ROOT = Path(__file__).resolve().parents[1]
GROUPS = ("throughput", "logins", "listing", "workers", "memory")


def main() -> int:
    args = _parse_args()
    run_dir = ROOT / "bench" / "results" / time.strftime("%Y%m%d-%H%M%S")
    run_dir.mkdir(parents=True)
    bench = Bench(
        root=ROOT,
        run_dir=run_dir,
        duration=args.duration,
        connections=args.connections,
        list_sizes=tuple(args.list_sizes),
        session_count=args.sessions,
    )
    results: dict[str, object] = {"machine": describe_machine(), "args": vars(args)}
    try:
        groups = set(args.only)
        variants = dict(text.split("=", 1) for text in args.variant)
        results["rounds"] = run_rounds(
            bench, args.rounds, args.skip_peer, groups, variants
        )
        if "memory" in groups:
            results["memory"] = run_memory(bench)
    finally:
        bench.stop_all()
    results["summary"] = summarize(results["rounds"])
    (run_dir / "results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results["summary"], indent=2))
    print(json.dumps(results.get("memory"), indent=2))
    print(f"Results: {run_dir / 'results.json'}")
    return 0


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.sh")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument(
        "--duration", type=float, default=10.0, help="seconds of each wrk run"
    )
    parser.add_argument(
        "--connections", type=int, default=32, help="wrk connections for throughput"
    )
    parser.add_argument(
        "--list-sizes",
        type=int,
        nargs="+",
        default=[1_000, 10_000, 100_000],
        help="user counts for the listing scenario",
    )
    parser.add_argument(
        "--sessions", type=int, default=100_000, help="live sessions for memory"
    )
    parser.add_argument(
        "--skip-peer", action="store_true", help="leave fastapi-users out"
    )
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME=SRC",
        help="also measure session and Basic requests on the server code in the "
        "src folder SRC, such as an older commit's (repeatable)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=GROUPS,
        default=list(GROUPS),
        help="scenario groups to run (default: all)",
    )
    return parser.parse_args()


def describe_machine() -> dict[str, object]:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return {
        "cores": os.cpu_count(),
        "cpu_model": model,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "wrk": (wrk_version.stdout or wrk_version.stderr).splitlines()[0],
        "server_cpu": scenarios.SERVER_CPU,
        "load_cpu": LOAD_CPU,
    }


def run_rounds(
    bench: Bench,
    rounds: int,
    skip_peer: bool,
    groups: set[str],
    variants: dict[str, str],
) -> list[dict]:
    login_users_per_round = int(bench.duration * 300) + 100 if "logins" in groups else 0
    hash_text = data.password_hash()

    main_db = scenarios.new_database(bench, "ours")
    reader, basic_user = data.add_users(main_db, data.READER, 2, hash_text)
    login_names = data.add_users(
        main_db, "bench-login-", login_users_per_round * rounds, hash_text
    )
    list_dbs = {}
    for size in bench.list_sizes if "listing" in groups else ():
        path = scenarios.new_database(bench, f"list-{size}")
        data.add_users(path, data.READER, 1, hash_text)
        data.add_users(path, "bench-user-", size - 2, hash_text)
        list_dbs[size] = path
    workers_db = scenarios.new_database(bench, "workers")
    data.add_users(workers_db, data.READER, 1, hash_text)

    bare = scenarios.start_bare(bench)
    ours = scenarios.start_ours(bench, "ours", main_db)
    cookie = scenarios.session_cookie(ours, reader)
    basic = data.basic_header(basic_user)
    with_peer = "throughput" in groups and not skip_peer
    peer, token = scenarios.start_peer(bench) if with_peer else (None, "")
    listers = {
        size: scenarios.start_ours(bench, f"list-{size}", path)
        for size, path in list_dbs.items()
    }
    list_cookies = {
        size: scenarios.session_cookie(s, reader) for size, s in listers.items()
    }
    workers = {}
    if "workers" in groups:
        for count in (1, 2):
            workers[f"workers_{count}"] = scenarios.start_ours(
                bench, f"workers-{count}", workers_db, cpus=None, workers=count
            )
        workers_cookie = scenarios.session_cookie(workers["workers_1"], reader)

    throughput: dict[str, Callable[[], LoadResult]] = {
        "bare": lambda: bench.wrk(bare.url + USER_PATH),
        "session": lambda: bench.wrk(ours.url + USER_PATH, headers={"Cookie": cookie}),
        "basic": lambda: bench.wrk(
            ours.url + USER_PATH, headers={"Authorization": basic}
        ),
    }
    for name, source in variants.items():
        throughput.update(start_variant(bench, main_db, hash_text, name, source))
    if peer is not None:
        throughput["peer"] = lambda: bench.wrk(
            peer.url + "/users/me", headers={"Authorization": f"Bearer {token}"}
        )

    results = []
    for number in range(rounds):
        this_round: dict[str, object] = {"round": number + 1}
        names = list(throughput) if "throughput" in groups else []
        shift = number % len(names) if names else 0
        order = names[shift:] + names[:shift]
        for name in order:
            print(f"round {number + 1}: {name}", flush=True)
            this_round[name] = throughput[name]().to_json()

        if "logins" in groups:
            print(f"round {number + 1}: logins", flush=True)
            this_round.update(
                run_logins(
                    bench, ours, cookie, login_names, login_users_per_round, number
                )
            )
        if listers:
            this_round["listing"] = run_listing(bench, listers, list_cookies, number)
        for name, server in workers.items():
            print(f"round {number + 1}: {name}", flush=True)
            this_round[name] = bench.wrk(
                server.url + USER_PATH, headers={"Cookie": workers_cookie}
            ).to_json()
        results.append(this_round)
    return results


def start_variant(
    bench: Bench, database: Path, hash_text: str, name: str, source: str
) -> dict[str, Callable[[], LoadResult]]:
    """Start the server from ``source`` and return its session and Basic runs."""
    # Users of its own, because code from before the credential cache opens
    # a session per Basic request, and SESSIONS_PER_USER then ends the
    # oldest sessions of that user, the benchmark's cookie among them.
    session_user, basic_user = data.add_users(
        database, f"bench-variant-{name}-", 2, hash_text
    )
    server = scenarios.start_ours(
        bench, f"variant-{name}", database, source=Path(source).resolve()
    )
    cookie = scenarios.session_cookie(server, session_user)
    url = server.url + USER_PATH
    return {
        f"session@{name}": lambda: bench.wrk(url, headers={"Cookie": cookie}),
        f"basic@{name}": lambda: bench.wrk(
            url, headers={"Authorization": data.basic_header(basic_user)}
        ),
    }


def run_logins(bench, ours, cookie, login_names, per_round, number) -> dict:
    """Run fresh logins, each as a user no earlier round logged in as."""
    start = number * per_round
    headers_file = bench.run_dir / f"logins-{number + 1}.txt"
    headers_file.write_text(
        "\n".join(
            data.basic_header(name) for name in login_names[start : start + per_round]
        )
    )
    # The machine's speed drifts, so the verify is timed on both sides of the
    # logins and the bound uses the mean.
    before = scenarios.verify_seconds(bench)
    logins, sessions = scenarios.logins_with_sessions(bench, ours, headers_file, cookie)
    after = scenarios.verify_seconds(bench)
    return {
        "verify_seconds": (before + after) / 2,
        "verify_seconds_before_after": [before, after],
        "logins": logins.to_json(),
        "sessions_during_logins": sessions.to_json(),
    }


def run_listing(bench, listers, list_cookies, number) -> dict:
    """List every user of each database, one request at a time."""
    listing = {}
    for size, server in listers.items():
        print(f"round {number + 1}: list {size}", flush=True)
        result, idle, peak = scenarios.load_with_peak_rss(
            bench,
            server,
            lambda server=server, size=size: bench.wrk(
                server.url + "/api/users",
                connections=1,
                headers={"Cookie": list_cookies[size]},
            ),
        )
        listing[str(size)] = {
            **result.to_json(),
            "idle_rss_kib": idle,
            "peak_rss_kib": peak,
        }
    return listing


def run_memory(bench: Bench) -> dict[str, object]:
    """Measure RSS idle, then after using every one of many live sessions."""
    print("memory: live sessions", flush=True)
    hash_text = data.password_hash()
    path = scenarios.new_database(bench, "memory")
    per_user = 50
    names = data.add_users(
        path, "bench-owner-", bench.session_count // per_user, hash_text
    )
    tokens = data.add_sessions(path, names, per_user)
    cookies = bench.run_dir / "memory-cookies.txt"
    cookies.write_text("\n".join(f"session_id={token}" for token in tokens))
    server = scenarios.start_ours(bench, "memory", path)
    idle = server.rss_kib()
    duration = bench.duration
    bench.duration = max(duration, 20.0)
    try:
        result = bench.wrk(
            server.url + USER_PATH,
            connections=8,
            script="lines.lua",
            script_args=[str(cookies), "Cookie"],
        )
    finally:
        bench.duration = duration
    loaded = server.rss_kib()
    server.stop()
    return {
        "sessions_in_database": len(tokens),
        "requests": result.requests,
        "errors": result.errors,
        "idle_rss_kib": idle,
        "loaded_rss_kib": loaded,
    }


def summarize(rounds: list[dict]) -> dict[str, object]:
    def ratios(numerator: str, denominator: str) -> dict[str, float] | None:
        if not all(numerator in r and denominator in r for r in rounds):
            return None
        return median_min_max(
            [
                r[numerator]["requests_per_second"]
                / r[denominator]["requests_per_second"]
                for r in rounds
            ]
        )

    def values(pick: Callable[[dict], float]) -> dict[str, float] | None:
        try:
            return median_min_max([pick(r) for r in rounds])
        except KeyError:
            return None

    summary: dict[str, object] = {
        "session_over_bare": ratios("session", "bare"),
        "session_over_peer": ratios("session", "peer"),
        "basic_over_bare": ratios("basic", "bare"),
        "session_p99_ms": values(lambda r: r["session"]["p99_ms"]),
        "bare_p99_ms": values(lambda r: r["bare"]["p99_ms"]),
        "basic_p99_ms": values(lambda r: r["basic"]["p99_ms"]),
        "bare_rps": values(lambda r: r["bare"]["requests_per_second"]),
        "session_rps": values(lambda r: r["session"]["requests_per_second"]),
        "basic_rps": values(lambda r: r["basic"]["requests_per_second"]),
        "verify_ms": values(lambda r: r["verify_seconds"] * 1000),
        "logins_per_second": values(lambda r: r["logins"]["requests_per_second"]),
        "logins_over_one_core_bound": values(
            lambda r: r["logins"]["requests_per_second"] * r["verify_seconds"]
        ),
        "session_p99_ms_during_logins": values(
            lambda r: r["sessions_during_logins"]["p99_ms"]
        ),
        "two_workers_over_one": ratios("workers_2", "workers_1"),
    }
    for name in rounds[0]:
        if "@" in name:
            summary[f"{name}_over_bare"] = ratios(name, "bare")
    if all("peer" in r for r in rounds):
        summary["peer_rps"] = values(lambda r: r["peer"]["requests_per_second"])
    for size in rounds[0].get("listing", {}):
        summary[f"list_{size}_ms"] = values(
            lambda r, size=size: 1000 / r["listing"][size]["requests_per_second"]
        )
        summary[f"list_{size}_rss_growth_mib"] = values(
            lambda r, size=size: (
                (
                    r["listing"][size]["peak_rss_kib"]
                    - r["listing"][size]["idle_rss_kib"]
                )
                / 1024
            )
        )
    return summary


if __name__ == "__main__":
    raise SystemExit(main())
