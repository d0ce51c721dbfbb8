"""One terminal UI per database (issue 11, item 6).

Two windows on one database both wrote as the same device, each kept its own copy of the
screen and saved over the other with no conflict. Making each window see the other's
saves within a second, and turn a concurrent edit of one field into a conflict, would need
every screen to reload under the inspector's cursor and two writers per device in the
sync log; a second window is instead refused, with a message that says where the first
one is. The command line (a report, a sync, a demo) still works beside the open window:
its changes are separate, short writes, and home refreshes when they land.

An advisory lock (``flock``) on a file beside the database: the system releases it when
the process ends, even when killed, so a crash never leaves the database locked.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ServiceError


class AlreadyOpen(ServiceError):
    pass


def lock_path(db_path: Path | str) -> Path:
    path = Path(db_path).expanduser()
    return path.with_name(path.name + ".ui-lock")


class UiLock:
    """Held while the UI runs; ``acquire`` raises :class:`AlreadyOpen` if another UI
    holds it."""

    def __init__(self, db_path: Path | str) -> None:
        self.path = lock_path(db_path)
        self.fd: int | None = None

    def acquire(self) -> UiLock:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock rather than no UI
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip()
            os.close(fd)
            who = f" (process {holder})" if holder.isdigit() else ""
            raise AlreadyOpen(
                f"inspect-tui is already open on {self.path.with_suffix('')}{who}: use that "
                "window, or quit it (Ctrl+Q) first; two windows on one database would "
                "save over each other") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing drops the flock
            self.fd = None

    def __enter__(self) -> UiLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
