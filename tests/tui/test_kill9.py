"""The promise: what showed as saved survives ``kill -9``.

Starts the real program in a pseudo-terminal, types an evidence note, waits for the
saved indicator to show a time, kills the process with SIGKILL and reads the note back.
It waits for what the screen shows (a text, or the screen done redrawing), never for a
fixed time.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

from inspect_tui.service import Service

SAVED = re.compile(rb"saved \d\d:\d\d:\d\d")


def read_until(fd: int, pattern: re.Pattern[bytes], seen: bytearray, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            seen.extend(chunk)
            if pattern.search(bytes(seen)):
                return True
    return False


def read_until_quiet(fd: int, seen: bytearray, quiet: float = 0.25,
                     timeout: float = 20.0) -> bool:
    """Read until the screen has stopped changing: no output for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        seen.extend(chunk)
    return False


@pytest.mark.slow
def test_note_shown_saved_survives_sigkill(tmp_path, catalogue, demo_template):
    db = tmp_path / "kill.db"
    shutil.copy(demo_template[0], db)
    iid = demo_template[1]

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("TEXTUAL", None)
    proc = subprocess.Popen([sys.executable, "-m", "inspect_tui", "--db", str(db)],
                            stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    seen = bytearray()
    try:
        assert read_until(master, re.compile(rb"Larkfield"), seen, 30), seen[-2000:]
        os.write(master, b"\r")  # open the inspection
        assert read_until(master, re.compile(rb"assessed"), seen, 30), seen[-2000:]
        assert read_until_quiet(master, seen), "the workspace never finished drawing"
        os.write(master, b"\r")  # into the item: its finding
        assert read_until_quiet(master, seen), "the finding never took the focus"
        os.write(master, b"\t")  # on to the evidence note
        assert read_until_quiet(master, seen), "the note never took the focus"
        seen.clear()
        note = "Kill nine note"
        os.write(master, note.encode())
        # Saved means: a "saved hh:mm:ss" drawn after the last "saving…" (the indicator
        # only says saved when nothing is pending, i.e. after the last keystroke's save).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            read_until(master, SAVED, seen, 0.5)
            text = bytes(seen)
            last_saved = max((m.end() for m in SAVED.finditer(text)), default=-1)
            if last_saved > text.rfind(b"saving"):
                break
        else:
            raise AssertionError(seen[-2000:])
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        os.close(master)
    assert proc.returncode == -signal.SIGKILL
    service = Service(db, catalogue)
    try:
        notes = [f.note for f in service.load(iid).findings]
        assert note in notes
    finally:
        service.close()
