"""Print a run's results as Markdown tables: ``python -m bench.report FILE``."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(path: str) -> None:
    results = json.loads(Path(path).read_text())
    summary = results["summary"]
    machine = results["machine"]
    print(
        f"{machine['cores']} cores, {machine['cpu_model']}, Linux "
        f"{machine['kernel']}, Python {machine['python']}, "
        f"{machine['wrk'].split(' [')[0]}"
    )
    print()
    print("| figure | median | min | max |")
    print("|---|---|---|---|")
    for name, value in summary.items():
        if value is None:
            continue
        print(
            f"| {name} | {_number(value['median'])} | {_number(value['min'])} "
            f"| {_number(value['max'])} |"
        )
    memory = results.get("memory")
    if memory:
        print()
        print("| memory | RSS of each process, MiB |")
        print("|---|---|")
        for label in ("idle_rss_kib", "loaded_rss_kib"):
            sizes = ", ".join(f"{kib / 1024:.0f}" for kib in memory[label].values())
            print(f"| {label.removesuffix('_rss_kib')} | {sizes} |")
        print(
            f"\n{memory['sessions_in_database']} sessions in the database, "
            f"{memory['requests']} requests, {memory['errors']} errors."
        )


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


if __name__ == "__main__":
    main(sys.argv[1])
