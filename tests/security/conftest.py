"""The security suite reads the SQLite file directly in places, so it runs on
SQLite; modules that need both databases override ``backend``."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def backend() -> str:
    return "sqlite"
