"""The benchmark suite: load from wrk against real servers on loopback.

Run it with ``bench/run.sh``; ``docs/benchmarks.md`` describes what it
measures and records the results.
"""
