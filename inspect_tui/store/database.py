"""Opening the SQLite file: pragmas, owner-only permissions, migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..paths import private_dir

# The names of the migrations in migrations.py, newest last (a test keeps the two in step).
# Opening an up-to-date database checks these with one query and never imports
# sqlite-utils, whose import (with click) is a sixth of the UI's start-up time.
MIGRATIONS = ("m0001_initial", "m0002_sync", "m0003_home_cache",
              "m0004_home_cache_stale", "m0005_quarantine", "m0005_token_expiry",
              "m0006_audit", "m0007_members", "m0008_redactions",
              "m0010_web_accounts")

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    # Deleted and overwritten content is zeroed, not left in free space: a redacted value
    # or a secret moved out must not be recoverable from the file.
    "PRAGMA secure_delete=ON",
)


class StoreError(Exception):
    """A database that cannot be opened or used, with a message fit for a user."""


def _pending(conn: sqlite3.Connection) -> bool:
    try:
        applied = {row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'inspect_tui'")}
    except sqlite3.OperationalError:
        return True
    return not set(MIGRATIONS) <= applied


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` with the house pragmas."""
    path = Path(path)
    if not path.parent.exists():
        private_dir(path.parent)
    new = not path.exists()
    if new:
        # Create the file 0600 before SQLite does, so it is never readable by others.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        for pragma in PRAGMAS:
            conn.execute(pragma)
        if _pending(conn):
            from sqlite_utils import Database

            from .migrations import migrations

            migrations.apply(Database(conn))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a usable inspect-tui database ({exc})") from None
    for suffix in ("", "-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            os.chmod(side, 0o600)
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE``: take the write lock up front so a busy writer waits, not fails.

    Inside another write transaction it is a savepoint of it: what it wrote is undone if it
    fails, and is committed with the outer one (several small writes, one commit)."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested_write")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested_write")
            conn.execute("RELEASE nested_write")
            raise
        else:
            conn.execute("RELEASE nested_write")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


IN_CHUNK = 500  # values per ``IN (...)``: well under SQLite's limit on bound parameters


def rows_in(conn: sqlite3.Connection, sql: str, values: Iterable[str]) -> Iterator[tuple]:
    """The rows of ``sql``, whose ``{marks}`` stands for the placeholders of an ``IN``, for
    ``values``, asked :data:`IN_CHUNK` at a time."""
    values = list(values)
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start:start + IN_CHUNK]
        yield from conn.execute(sql.format(marks=", ".join("?" * len(chunk))), chunk)
