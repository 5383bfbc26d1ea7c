#!/usr/bin/env bash
# Set up the benchmark's tools and run it: bench/run.sh [--rounds N] [--duration S] ...
# Installs wrk from Debian's packages when it is missing, the benchmark's own
# dependencies into bench/.venv, and the server into .venv, then runs
# `python -m bench` with the given arguments. Results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}

if ! command -v wrk >/dev/null 2>&1; then
    apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; }
fi
if [ ! -x bench/.venv/bin/python ]; then
    "$PYTHON" -m venv bench/.venv
fi
bench/.venv/bin/python -m pip install --quiet "pip==25.3"
bench/.venv/bin/python -m pip install --quiet -r bench/requirements.txt
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet -e .

exec bench/.venv/bin/python -m bench "$@"
