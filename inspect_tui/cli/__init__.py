"""The command line: one parser, one module per command group, each thin over the service.

Start-up is kept light: ``--version`` imports nothing beyond the standard library, and
Textual is imported only when the UI opens.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from .common import DB_HELP, PROG, CliError

__all__ = ["CliError", "build_parser", "main", "run"]

# Each registers its subcommands through ``register(subparsers, db_parent)``.
COMMAND_MODULES: tuple[str, ...] = (
    "standards", "inspections", "review", "reports", "cse", "sync", "hub",
)


def build_parser() -> argparse.ArgumentParser:
    db_parent = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's own --db default must not erase one given before it
    # (`inspect-tui --db X check ID`); the top-level --db below defaults to None.
    db_parent.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Inspect supported accommodation: standards, findings, young people, "
                    "reports and sync. With no command, opens the terminal UI.")
    parser.add_argument("--db", metavar="PATH", default=None, help=DB_HELP)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    from .inspections import cmd_tui

    parser.set_defaults(func=cmd_tui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub, db_parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv in (["--version"], ["-V"]):
        print(f"{PROG} {__version__}")
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    return run(args)


def run(args: argparse.Namespace) -> int:
    from ..catalogue import ContentError
    from ..errors import ServiceError
    from ..store import StoreError

    try:
        return args.func(args)
    except (CliError, ServiceError, StoreError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        first = exc.problems[0]
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        print(f"{PROG}: error: bad content: {first}{more}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a message.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"{PROG}: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 2
