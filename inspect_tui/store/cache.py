"""The home list's cache: one JSON summary per inspection, read before the service loads."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .database import write_transaction
from .events import EventStore


def read_home_cache(store: EventStore) -> list[dict[str, Any]]:
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


def write_home_cache(store: EventStore, summaries: Iterable[dict[str, Any]]) -> None:
    """Replace the cache with ``summaries`` (each with an ``id``), kept in their order."""
    rows = [(s["id"], json.dumps(s, sort_keys=True)) for s in summaries]
    with write_transaction(store.conn):
        store.conn.execute("DELETE FROM home_cache")
        store.conn.executemany(
            "INSERT INTO home_cache (inspection_id, summary) VALUES (?, ?)", rows)
