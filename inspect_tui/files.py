"""The one private, atomic file writer: every file the tool writes goes through here.

A file is written to a temporary file in the target's own folder (created 0600 before any
byte is written), flushed and fsynced, then renamed over the target, and the folder is
fsynced. A reader never sees half a file, a crash leaves the old file or the new one,
and the result is readable by its owner only, even where the target existed with wider
permissions. Errors name the target, never the temporary file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import ServiceError
from .paths import private_dir


class FileWriteError(ServiceError):
    """A file could not be written; nothing changed at the target."""


def _describe(path: Path, exc: OSError) -> str:
    return f"{path}: cannot write ({exc.strerror or type(exc).__name__})"


@contextmanager
def private_file(path: Path | str, *, binary: bool = True, exclusive: bool = False
                 ) -> Iterator[IO[Any]]:
    """Open a private temporary file that replaces ``path`` when the block ends well.

    With ``exclusive``, refuse to replace an existing file (a key file, say)."""
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if exclusive and target.exists():
        raise FileWriteError(f"{target}: already exists; not overwriting it")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileWriteError(_describe(target, exc)) from None
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o600)
        mode = "wb" if binary else "w"
        kwargs: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            os.link(tmp, target)  # fails if the target appeared meanwhile
            tmp.unlink()
        else:
            os.replace(tmp, target)
        _sync_folder(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, FileExistsError) and exclusive:
            raise FileWriteError(f"{target}: already exists; not overwriting it") from None
        raise FileWriteError(_describe(target, exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_private(path: Path | str, data: bytes | str, *, exclusive: bool = False) -> Path:
    """Write ``data`` (text is UTF-8) to ``path``, privately and atomically."""
    target = Path(path).expanduser()
    with private_file(target, binary=True, exclusive=exclusive) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def open_private_append(path: Path | str) -> IO[str]:
    """Open ``path`` to append UTF-8 text (a log), creating it 0600 in a 0700 folder.

    Appending cannot be atomic like :func:`write_private`; what it shares is privacy: the
    file is created owner-only before any byte is written, and a file that exists with
    wider permissions is narrowed first."""
    target = Path(path).expanduser()
    private_dir(target.parent)
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace")
    except BaseException:
        os.close(fd)
        raise
