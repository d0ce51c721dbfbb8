"""Issue 11 item 6: a second terminal UI on one database is refused with a clear message
(rather than two windows saving over each other); the lock goes with the process that held
it, however it ended."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from inspect_tui.tui.single import AlreadyOpen, UiLock, lock_path

HOLD = """
import sys, time
from inspect_tui.tui.single import UiLock
UiLock(sys.argv[1]).acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_a_second_ui_on_the_same_database_is_refused(tmp_path):
    db = tmp_path / "inspect.db"
    with UiLock(db):
        second = subprocess.run([sys.executable, "-m", "inspect_tui", "--db", str(db)],
                                capture_output=True, text=True, timeout=60,
                                stdin=subprocess.DEVNULL)
    assert second.returncode == 2
    [line] = second.stderr.strip().splitlines()  # one line, no traceback
    assert "already open on" in line and str(db) in line
    assert f"process {os.getpid()}" in line
    with UiLock(db):  # released with the first window
        pass


def test_another_database_is_not_locked(tmp_path):
    with UiLock(tmp_path / "a.db"), UiLock(tmp_path / "b.db"):
        pass


def test_a_killed_ui_leaves_no_lock_behind(tmp_path):
    db = tmp_path / "inspect.db"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyOpen, match=f"process {holder.pid}"):
            UiLock(db).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)  # reaped: the system has released its lock
    with UiLock(db):
        assert lock_path(db).stat().st_mode & 0o077 == 0  # private, like the database
