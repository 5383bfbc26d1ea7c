"""Flags shared by several commands."""

from __future__ import annotations

import argparse


def add_database_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url", help="SQLAlchemy-style database URL (DATABASE_URL)"
    )
