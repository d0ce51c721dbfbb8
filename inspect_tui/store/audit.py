"""The hub's audit trail in SQLite: append a record, read records back.

Each record's hash is SHA-256 over the previous record's hash and a canonical JSON of the
record itself (:func:`record_hash`), so editing, deleting or reordering any record breaks
the chain from there on. The rule of what is recorded lives in :mod:`inspect_tui.sync.audit`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .database import write_transaction
from .events import EventStore, now_iso

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str
    kind: str
    device: str | None
    inspections: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    def body(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "kind": self.kind, "device": self.device,
                "inspections": list(self.inspections), "detail": self.detail}

    def as_dict(self) -> dict[str, Any]:
        return {**self.body(), "prev_hash": self.prev_hash, "hash": self.hash}


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(body)).encode("utf-8")).hexdigest()


_COLS = "seq, at, kind, device, inspections, detail, prev_hash, hash"


def _record(row: tuple) -> AuditRecord:
    # Parsed leniently: a record edited into bad JSON must still be shown and named.
    def load(text: str, default: Any) -> Any:
        try:
            return json.loads(text)
        except (TypeError, ValueError):
            return default
    inspections = load(row[4], [])
    return AuditRecord(row[0], row[1], row[2], row[3],
                       tuple(inspections) if isinstance(inspections, list) else (),
                       load(row[5], {}), row[6], row[7])


def append(store: EventStore, kind: str, device: str | None, inspections: list[str],
           detail: dict[str, Any]) -> AuditRecord:
    conn = store.conn
    with write_transaction(conn):
        last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        record = AuditRecord(seq, now_iso(), kind, device, tuple(sorted(set(inspections))),
                             detail, prev)
        digest = record_hash(prev, record.body())
        conn.execute(f"INSERT INTO audit ({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (seq, record.at, kind, device, canonical(list(record.inspections)),
                      canonical(detail), prev, digest))
    return AuditRecord(**{**record.__dict__, "hash": digest})


def records(store: EventStore, *, inspection: str | None = None, device: str | None = None,
            since: str | None = None) -> Iterator[AuditRecord]:
    sql, args = f"SELECT {_COLS} FROM audit WHERE 1", []
    if device:
        sql += " AND device = ?"
        args.append(device)
    if since:
        sql += " AND at >= ?"
        args.append(since)
    if inspection:
        sql += " AND EXISTS (SELECT 1 FROM json_each(audit.inspections) j WHERE j.value = ?)"
        args.append(inspection)
    for row in store.conn.execute(sql + " ORDER BY seq", args):
        yield _record(row)


def all_rows(store: EventStore) -> Iterator[AuditRecord]:
    """Every record in the order the file holds them (rowid), for verification."""
    for row in store.conn.execute(f"SELECT {_COLS} FROM audit ORDER BY rowid"):
        yield _record(row)
