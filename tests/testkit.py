"""What tests in every folder share besides fixtures: the fixed day, new databases made
quickly, the command line run in-process, and waiting for a screen state.

``tests/`` is on ``sys.path`` (pytest puts a rootless conftest's folder there), so any test
imports this as ``from testkit import ...``. The fixtures themselves are in
``tests/conftest.py``.
"""

from __future__ import annotations

import asyncio
import atexit
import shutil
import sqlite3
import tempfile
import time
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

TODAY = date(2026, 11, 27)
"""The fixed "today" of the demo and the UI tests (a Friday in November 2026)."""


# --- new databases, copied from ones made once per process ------------------------------
# Migrating a new SQLite file costs ~30 ms and a hub's keys more; state machines and sync
# tests make hundreds. A copy is the same file: made by the same code, once.

_templates: dict[str, Path] = {}


def _template(kind: str) -> Path:
    if kind not in _templates:
        folder = Path(tempfile.mkdtemp(prefix="inspect-tui-templates-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        built = folder / f"{kind}-built.db"
        if kind == "hub":
            from inspect_tui.sync.hub import Hub

            Hub.init(built).close()
        else:
            from inspect_tui.store.database import connect

            connect(built).close()  # migrated; its device id is made when first opened
        template = folder / f"{kind}.db"
        with sqlite3.connect(built) as conn:  # one self-contained file, no -wal beside it
            conn.execute("VACUUM INTO ?", (str(template),))
        conn.close()
        if kind == "hub":
            shutil.copy(str(built) + ".keys", str(template) + ".keys")
        template.chmod(0o600)
        _templates[kind] = template
    return _templates[kind]


def empty_database(path: Path | str) -> Path:
    """A new, empty, migrated database at ``path``; opening it gives it its own device id,
    as for any new database."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(_template("empty"), path)
    return path


def new_hub(path: Path | str) -> Path:
    """A new hub database (and its key file) at ``path``, as ``inspect-tui hub init`` makes.
    Every copy shares one hub id and key pair: each test has a hub of its own."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    template = _template("hub")
    shutil.copy(template, path)
    shutil.copy(str(template) + ".keys", str(path) + ".keys")
    return path


# --- the command line, in-process ------------------------------------------------------

class Result(NamedTuple):
    """What a command did: ``code, out, err = run_cli(...)``, or by the names of
    ``subprocess.CompletedProcess``."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(capsys: Any, *argv: str) -> Result:
    """``inspect-tui ARGV`` through :func:`inspect_tui.cli.main`, as the console script runs
    it: argparse's exits become return codes, and output is what the user would see."""
    from inspect_tui.cli import main

    capsys.readouterr()  # what came before is not this command's
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse: --help, a bad option
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = capsys.readouterr()
    return Result(code, out, err)


def assert_one_line_error(result: Any) -> None:
    """A failed command says why on exactly one line, with no traceback."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr


# --- the terminal UI: wait for a state, never for a fixed time ----------------------------

async def until(predicate: Callable[[], Any], timeout: float = 10.0) -> None:
    """Let the app run until ``predicate()`` holds; fail (showing it false) after ``timeout``.

    Polls every few milliseconds: a busy machine makes this slower, never flaky, and an
    idle one does not wait for nothing."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.005)
    assert predicate()


def send_key(app: Any, key: str, character: str | None = None) -> None:
    """One key press, posted as the terminal driver posts it, without ``Pilot.press``'s wait
    for the whole process to go idle (two 20 ms sleeps a key at best). Follow it with
    :func:`until` the state the key leads to, as a fast typist watches the screen."""
    from textual import events

    event = events.Key(key, character or (key if len(key) == 1 else None))
    event.set_sender(app)
    app.post_message(event)


def key_of(character: str) -> str:
    """The key name a terminal gives a typed character (as ``Pilot.press`` names it)."""
    if character.isalnum():
        return character
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
            "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"
            }.get(name, name)


def shown(field: Any) -> str:
    """What a text field holds: an ``Input``'s value, a ``TextArea``'s text."""
    from textual.widgets import Input, TextArea

    if isinstance(field, TextArea):
        return field.text
    assert isinstance(field, Input), f"not a text field: {field!r}"
    return field.value


async def type_text(app: Any, text: str, into: Any = None) -> None:
    """Type ``text`` into the focused field (first waiting for the focus to be ``into``, if
    given), key by key as the terminal sends them, as fast as a typist; return when the
    field shows every character.

    ``Pilot.press(*text)`` waits for the process to go idle after each key (two 20 ms
    sleeps at least, and a repaint); this waits once, for what the keys should lead to."""
    if into is not None:
        await until(lambda: app.focused is into)
    field = app.focused
    before = shown(field)
    for character in text:
        send_key(app, key_of(character), character)
    await until(lambda: text in shown(field) and len(shown(field)) >= len(before) + len(text))


async def wait_saved(app: Any, pilot: Any) -> None:
    """Every change typed so far is on disk, and the screen shows what the save did."""
    await pilot.pause()  # let Changed messages reach their handlers first
    await app.backend.wait_idle()
    await pilot.pause()


async def settle(app: Any, pilot: Any) -> None:
    """Wait for workers (the home list loads in one) and the screen to catch up."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
