"""Where log lines go, and what never goes with them.

Every module logs with ``logging.getLogger(__name__)``; only the command line decides where
the lines go (a library never configures logging). A command runs inside :func:`session`:

- always, the laptop's log file: ``inspect-tui.log`` in the user log folder (or
  ``$INSPECT_TUI_LOG_DIR``), 0600 in a 0700 folder, rotated at 1 MB with three old files
  kept, so it cannot grow without bound;
- with ``--verbose``, the same lines on stderr too, with tracebacks; never while the UI is
  up (:func:`terminal_off`), since they would scribble over the screen;
- for ``hub serve``, its request and refusal lines on stderr alone (:func:`to_stderr`),
  for the service manager's journal; the file keeps the command, its start and its end.

What a line may say: ids, counts, hosts, statuses, paths written. Never a token, a name, a
case code or a note. Callers keep to that, and the formatter is the safety net: our error
messages quote what a person typed (``{value!r}``), so every quoted value is replaced by
``'…'`` before a line is written, a line is always one line, and a traceback shows code,
never the values in it. A log that cannot be written never stops the work.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from typing import IO

ROOT = "inspect_tui"
LOG_FILE = "inspect-tui.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def scrub(text: str) -> str:
    """``text`` as one line with every quoted value replaced by ``'…'``."""
    return _CONTROL.sub(" ", _QUOTED.sub("'…'", text)).strip()


class SafeFormatter(logging.Formatter):
    """``time level logger: message``, scrubbed; tracebacks (code only) when asked for."""

    def __init__(self, tracebacks: bool = False):
        super().__init__(datefmt="%Y-%m-%dT%H:%M:%S%z")
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        line = (f"{self.formatTime(record, self.datefmt)} {record.levelname} "
                f"{record.name}: {scrub(record.getMessage())}")
        if self.tracebacks and record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            frames = "".join(traceback.format_tb(exc.__traceback__)).rstrip("\n")
            line += (f"\nTraceback (most recent call last):\n{frames}\n"
                     f"{type(exc).__name__}: {scrub(str(exc))}")
        return line


class PrivateLogFile(RotatingFileHandler):
    """The rotating log file, created (and re-created on rotation) owner-only."""

    def __init__(self, path: str, tracebacks: bool):
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8",
                         delay=True)
        self.setFormatter(SafeFormatter(tracebacks))

    def _open(self) -> IO[str]:
        from ..files import open_private_append

        return open_private_append(self.baseFilename)

    def handleError(self, record: logging.LogRecord) -> None:
        """A full disk or a read-only home folder loses the line, not the command."""


class Terminal(logging.StreamHandler):
    """Lines on stderr (looked up when written, so a redirected stderr is honoured)."""

    def __init__(self, tracebacks: bool):
        super().__init__()
        self.setFormatter(SafeFormatter(tracebacks))

    @property
    def stream(self) -> IO[str]:  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value: IO[str]) -> None:
        pass

    def handleError(self, record: logging.LogRecord) -> None:
        """A closed stderr (a pipe gone) loses the line, not the command."""


def log_file() -> str:
    from ..paths import log_dir

    return str(log_dir() / LOG_FILE)


@contextmanager
def session(verbose: bool = False) -> Iterator[None]:
    """Log to the file (and with ``verbose`` to stderr) while one command runs."""
    logger = logging.getLogger(ROOT)
    saved = logger.level, logger.propagate
    handlers: list[logging.Handler] = [PrivateLogFile(log_file(), tracebacks=verbose)]
    if verbose:
        handlers.append(Terminal(tracebacks=True))
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    # Ours alone: a host's root handlers (pytest's, say) are not the user's terminal.
    logger.propagate = False
    for handler in handlers:
        logger.addHandler(handler)
    try:
        yield
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
            handler.close()
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


@contextmanager
def terminal_off() -> Iterator[None]:
    """No log line reaches stderr inside the block (the UI owns the terminal)."""
    logger = logging.getLogger(ROOT)
    terminals = [h for h in logger.handlers if isinstance(h, Terminal)]
    for handler in terminals:
        logger.removeHandler(handler)
    try:
        yield
    finally:
        for handler in terminals:
            logger.addHandler(handler)


@contextmanager
def to_stderr(*only: str) -> Iterator[None]:
    """Inside the block our lines go to stderr as well as the file, and those of the loggers
    named in ``only`` (the hub's request log, uvicorn's) to stderr alone."""
    ours = logging.getLogger(ROOT)
    tracebacks = ours.level == logging.DEBUG  # --verbose
    added: list[tuple[logging.Logger, logging.Handler]] = []
    if not any(isinstance(h, Terminal) for h in ours.handlers):
        added.append((ours, Terminal(tracebacks)))
    alone = [logging.getLogger(name) for name in only]
    for logger in alone:
        added.append((logger, Terminal(tracebacks)))
        logger.propagate = False
    for logger, handler in added:
        logger.addHandler(handler)
    try:
        yield
    finally:
        for logger, handler in added:
            logger.removeHandler(handler)
        for logger in alone:
            logger.propagate = True
