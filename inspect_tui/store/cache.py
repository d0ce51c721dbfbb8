"""The home list's cache: one JSON line per inspection, read before the service loads.

Triggers on ``state`` (migration m0004) drop an inspection's line whenever its state
changes, so a line in the cache is never older than the state it summarises.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .database import write_transaction
from .events import EventStore


def read_home_cache(store: EventStore) -> list[dict[str, Any]]:
    """The cached lines in the order they were written (bad JSON is skipped)."""
    rows = store.conn.execute("SELECT summary FROM home_cache ORDER BY rowid")
    result = []
    for (text,) in rows:
        try:
            value = json.loads(text)
        except ValueError:
            continue
        if isinstance(value, dict):
            result.append(value)
    return result


def data_stamp(store: EventStore) -> int:
    """Changes when another connection commits (``PRAGMA data_version``)."""
    return store.conn.execute("PRAGMA data_version").fetchone()[0]


def write_home_cache(store: EventStore, lines: Iterable[tuple[str, dict[str, Any]]],
                     stamp: int | None = None) -> bool:
    """Replace the cache with ``lines`` (inspection id, JSON object), kept in their order.

    With ``stamp`` (:func:`data_stamp` taken before the lines were computed), nothing is
    written if another connection has committed since: the lines may be out of date.
    Return whether they were written."""
    rows = [(iid, json.dumps(line, sort_keys=True)) for iid, line in lines]
    with write_transaction(store.conn):
        if stamp is not None and data_stamp(store) != stamp:
            return False
        store.conn.execute("DELETE FROM home_cache")
        store.conn.executemany(
            "INSERT INTO home_cache (inspection_id, summary) VALUES (?, ?)", rows)
    return True
