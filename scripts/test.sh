#!/usr/bin/env bash
# Install what the tests need into .venv and .venv-official, then run every check.
# The official BrainFrame client gets an environment of its own, because it and
# this project's client both provide the brainframe.api package.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
OFFICIAL_CLIENT="brainframe-api==0.30.5"

if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade "pip==25.3"
.venv/bin/python -m pip install --quiet -e ".[test]"

if [ ! -x .venv-official/bin/python ]; then
    "$PYTHON" -m venv .venv-official
fi
.venv-official/bin/python -m pip install --quiet --upgrade "pip==25.3"
.venv-official/bin/python -m pip install --quiet "$OFFICIAL_CLIENT" \
    "pytest==9.2.0" "pytest-timeout==2.4.0"

echo "== lint"
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench

echo "== tests"
.venv/bin/python -m pytest tests "$@"

echo "== official client compatibility"
BRAINFRAME_SERVER="$PWD/.venv/bin/brainframe-server" \
    .venv-official/bin/python -m pytest tests/official -p no:cacheprovider \
    -c tests/official/pytest.ini --rootdir tests/official
