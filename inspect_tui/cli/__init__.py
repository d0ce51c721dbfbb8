"""The command line: one parser, one module per command group, each thin over the service.

Start-up is kept light: ``--version`` imports nothing beyond the standard library, and
Textual is imported only when the UI opens. Every command runs inside a log session
(:mod:`.logs`): the command and its harmless options, then its outcome.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from .. import __version__
from . import logs
from .common import DB_HELP, PROG, CliError

__all__ = ["CliError", "build_parser", "main", "run"]

log = logging.getLogger(__name__)

# Options whose values are logged: each is one of a fixed set of choices, or the hub's port.
# Any other option is logged by name only, since its value may be a name, a note or a code.
LOGGED_VALUES = frozenset({"format", "audience", "role", "what", "port"})

# Each registers its subcommands through ``register(subparsers, db_parent)``.
COMMAND_MODULES: tuple[str, ...] = (
    "standards", "inspections", "setting", "review", "reports", "cse", "sync", "hub",
    "redact",
)


class Parser(argparse.ArgumentParser):
    """A parser whose every (sub)command takes ``--verbose``, so it works after one too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # SUPPRESS, as for --db: a subcommand's default must not erase a flag given before.
        self.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                          help="also show the log on stderr, with tracebacks")


def build_parser() -> argparse.ArgumentParser:
    db_parent = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's own --db default must not erase one given before it
    # (`inspect-tui --db X check ID`); the top-level --db below defaults to None.
    db_parent.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
    parser = Parser(
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
    with logs.session(verbose=getattr(args, "verbose", False)):
        return run(args)


def command_name(args: argparse.Namespace) -> str:
    """``report``, ``sync export``, ``hub serve``…; ``tui`` for the UI."""
    words = [args.command or "tui"]
    words += [value for key, value in sorted(vars(args).items())
              if key.endswith("_command") and isinstance(value, str)]
    return " ".join(words)


def describe_options(args: argparse.Namespace) -> str:
    """The options given, with their values only where :data:`LOGGED_VALUES` allows."""
    parts = []
    for key, value in sorted(vars(args).items()):
        if key in ("func", "command", "verbose") or key.endswith("_command"):
            continue
        if value is None or value is False or value == "":
            continue
        if value is True:
            parts.append(key)
        elif key in LOGGED_VALUES:
            parts.append(f"{key}={value}")
        else:
            parts.append(f"{key}=…")
    return " ".join(parts)


def run(args: argparse.Namespace) -> int:
    name = command_name(args)
    log.info("command %s %s", name, describe_options(args))
    code = _run(args, name)
    log.info("command %s exit=%d", name, code)
    return code


def _fail(name: str, message: str, exc: BaseException) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    log.error("command %s failed: %s", name, message, exc_info=exc)
    return 2


def _run(args: argparse.Namespace, name: str) -> int:
    from ..catalogue import ContentError
    from ..errors import ServiceError
    from ..store import StoreError

    try:
        return args.func(args)
    except (CliError, ServiceError, StoreError) as exc:
        return _fail(name, str(exc), exc)
    except ContentError as exc:
        first = exc.problems[0]
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        return _fail(name, f"bad content: {first}{more}", exc)
    except KeyboardInterrupt:
        log.info("command %s interrupted", name)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a message.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        message = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
        return _fail(name, message, exc)
    except Exception as exc:
        # A bug: Python prints the traceback as ever; the log keeps one line of it.
        log.critical("command %s crashed: %s: %s", name, type(exc).__name__, exc,
                     exc_info=exc)
        raise
