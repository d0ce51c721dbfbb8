"""What the command modules share: the one-line error, opening the service, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..service import Service

PROG = "inspect-tui"
DB_HELP = "database file (default: $INSPECT_TUI_DB or the user data folder)"


class CliError(Exception):
    """A one-line error for the user; exit status 2."""


def db_path(args: argparse.Namespace) -> Path:
    from ..paths import resolve_db_path

    return resolve_db_path(args.db)


def hub_db_path(args: argparse.Namespace) -> Path:
    """The hub's database must be named: the default is this user's own laptop database."""
    import os

    from ..paths import DB_ENV

    if not args.db and not os.environ.get(DB_ENV):
        raise CliError("say which database is the hub's: --db HUB.db")
    return db_path(args)


def open_service(args: argparse.Namespace) -> Service:
    from ..service import Service

    return Service(db_path(args))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
