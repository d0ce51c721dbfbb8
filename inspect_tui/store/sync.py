"""The queries sync needs: raw event rows by range, held ids, and the hub's device registry.

Kept beside :mod:`.events` because no SQL lives outside the store; the policy (who may
write what, what a bundle looks like) lives in :mod:`inspect_tui.sync`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .database import rows_in, write_transaction
from .events import EVENT_COLUMNS, EventStore, now_iso

_COLS = ", ".join(EVENT_COLUMNS)


def own_rows(store: EventStore, after: int, upto: int) -> Iterator[tuple]:
    """This device's event rows with ``after < device_seq <= upto``, in sequence order."""
    yield from store.conn.execute(
        f"SELECT {_COLS} FROM events WHERE device = ? AND device_seq > ? AND device_seq <= ? "
        "ORDER BY device_seq", (store.device, after, upto))


def count_own(store: EventStore, after: int, upto: int) -> int:
    return store.conn.execute(
        "SELECT count(*) FROM events WHERE device = ? AND device_seq > ? AND device_seq <= ?",
        (store.device, after, upto)).fetchone()[0]


def rows_missing_from(store: EventStore, vector: dict[str, int],
                      ours: dict[str, int] | None = None,
                      inspections: frozenset[str] | None = None) -> Iterator[tuple]:
    """Event rows the holder of ``vector`` lacks, device by device in sequence order
    (only those of ``inspections`` when given: need-to-know).

    Only events up to our own contiguous vector are offered, so a receiver's vector always
    advances by exactly what it is sent and a batch boundary can fall anywhere.
    """
    ours = store.version_vector() if ours is None else ours
    for device in sorted(ours):
        have, upto = vector.get(device, 0), ours[device]
        if upto <= have:
            continue
        rows = store.conn.execute(
            f"SELECT {_COLS} FROM events WHERE device = ? AND device_seq > ? "
            "AND device_seq <= ? ORDER BY device_seq", (device, have, upto))
        if inspections is None:
            yield from rows
        else:
            yield from (r for r in rows if r[1] in inspections)


def _allowed_table(conn: sqlite3.Connection, inspections: frozenset[str] | None) -> str:
    """A SQL condition on ``e.inspection_id`` for need-to-know (empty: no filter)."""
    if inspections is None:
        return ""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS allowed (iid TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.allowed")
    conn.executemany("INSERT INTO temp.allowed VALUES (?)", [(i,) for i in inspections])
    return " AND e.inspection_id IN (SELECT iid FROM temp.allowed)"


def rows_missing_scoped(store: EventStore, vector: dict[str, int], ours: dict[str, int],
                        limit: int, inspections: frozenset[str] | None
                        ) -> tuple[list[tuple], dict[str, int], int]:
    """:func:`rows_missing_in_order` for a receiver that may hold only ``inspections``
    (None: all): (rows, covered, remaining).

    The receiver holds a subset of each device's events, so its own version vector has
    gaps; ``covered`` says, per device, up to which sequence it now lacks nothing it may
    hold, and it asks from there next time. ``remaining``: how many rows it still lacks.
    """
    if inspections is None:
        # Unfiltered, the receiver's own version vector is exact: covered says nothing
        # more until the end, and computing it per batch would cost a scan each time.
        rows = rows_missing_in_order(store, vector, ours, limit)
        missing = sum(max(0, top - vector.get(dev, 0)) for dev, top in ours.items())
        remaining = max(0, missing - len(rows))
        return rows, (dict(ours) if remaining == 0 else {}), remaining
    conn = store.conn
    cond = _allowed_table(conn, inspections)
    rows = rows_missing_in_order(store, vector, ours, limit, cond)
    covered = _covered(store, vector, ours, rows, cond)
    remaining = _count_missing(store, covered, ours, cond)
    conn.execute("DELETE FROM temp.allowed")
    return rows, covered, remaining


def _want(conn: sqlite3.Connection, vector: dict[str, int], ours: dict[str, int]) -> bool:
    want = [(d, vector.get(d, 0), top) for d, top in ours.items() if top > vector.get(d, 0)]
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS want (device TEXT PRIMARY KEY, "
                 "have INTEGER NOT NULL, top INTEGER NOT NULL)")
    conn.execute("DELETE FROM temp.want")
    conn.executemany("INSERT INTO temp.want VALUES (?, ?, ?)", want)
    return bool(want)


def _covered(store: EventStore, vector: dict[str, int], ours: dict[str, int],
             rows: list[tuple], cond: str) -> dict[str, int]:
    """Per device, the sequence before the first row (allowed, missing) not yet sent."""
    conn = store.conn
    covered = {d: max(vector.get(d, 0), top) for d, top in ours.items()}
    if not rows or not _want(conn, vector, ours):
        if rows:
            return covered
        return covered if not _count_missing(store, vector, ours, cond) else dict(vector)
    last = conn.execute("SELECT rowid FROM events WHERE id = ?", (rows[-1][0],)).fetchone()[0]
    for device, first in conn.execute(
            "SELECT w.device, min(e.device_seq) FROM temp.want w JOIN events e "
            "ON e.device = w.device AND e.device_seq > w.have AND e.device_seq <= w.top "
            f"WHERE e.rowid > ?{cond} GROUP BY w.device", (last,)):
        covered[device] = max(vector.get(device, 0), first - 1)
    conn.execute("DELETE FROM temp.want")
    return covered


def _count_missing(store: EventStore, vector: dict[str, int], ours: dict[str, int],
                   cond: str) -> int:
    conn = store.conn
    if not _want(conn, vector, ours):
        return 0
    count = conn.execute(
        "SELECT count(*) FROM temp.want w JOIN events e ON e.device = w.device "
        f"AND e.device_seq > w.have AND e.device_seq <= w.top WHERE 1{cond}").fetchone()[0]
    conn.execute("DELETE FROM temp.want")
    return count


ENTITY_RUN = 64  # rows past a page's limit that may finish one entity's run


def rows_missing_in_order(store: EventStore, vector: dict[str, int], ours: dict[str, int],
                          limit: int | None, cond: str = ""
                          ) -> list[tuple] | Iterator[tuple]:
    """Up to ``limit`` rows the holder of ``vector`` lacks, in the order we stored them.

    On a hub that order respects causality: an event is stored after every event it
    replaces (its author could only have seen those through us). A receiver merging batch
    by batch therefore never shows a conflict that a later batch would resolve. Each
    device's rows still come in sequence order, so the receiver's vector advances by
    exactly what it was sent. The scan starts at the earliest missing row and walks the
    log by rowid, so a batch costs about ``limit`` rows however large the log.
    """
    want = [(d, vector.get(d, 0), top) for d, top in ours.items() if top > vector.get(d, 0)]
    if not want:
        return []
    conn = store.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS want (device TEXT PRIMARY KEY, "
                 "have INTEGER NOT NULL, top INTEGER NOT NULL)")
    conn.execute("DELETE FROM temp.want")
    conn.executemany("INSERT INTO temp.want VALUES (?, ?, ?)", want)
    # One index lookup per device wanted: as a join, SQLite walks the log in rowid order
    # to the first missing row (min's optimisation), a scan of the whole log on a big hub.
    start = conn.execute("SELECT min((SELECT e.rowid FROM events e WHERE e.device = w.device "
                         "AND e.device_seq = w.have + 1)) FROM temp.want w").fetchone()[0]
    if start is None:
        return []
    cols = ", ".join("e." + c for c in EVENT_COLUMNS)
    if limit is None:  # all of them, streamed (a bundle): the table is read as it goes
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS want_all AS SELECT * FROM temp.want "
                     "WHERE 0")
        conn.execute("DELETE FROM temp.want_all")
        conn.execute("INSERT INTO temp.want_all SELECT * FROM temp.want")
        return conn.execute(
            f"SELECT {cols} FROM events e CROSS JOIN temp.want_all w ON w.device = e.device "
            "WHERE e.rowid >= ? AND e.device_seq > w.have AND e.device_seq <= w.top "
            "ORDER BY e.rowid", (start,))
    # CROSS JOIN keeps the log as the outer loop: rowid order, no sort, stop at the limit.
    rows = conn.execute(
        f"SELECT {cols} FROM events e CROSS JOIN temp.want w ON w.device = e.device "
        "WHERE e.rowid >= ? AND e.device_seq > w.have AND e.device_seq <= w.top"
        f"{cond} ORDER BY e.rowid LIMIT ?", (start, int(limit) + ENTITY_RUN)).fetchall()
    conn.execute("DELETE FROM temp.want")
    return _whole_runs(rows, int(limit))


def _whole_runs(rows: list[tuple], limit: int) -> list[tuple]:
    """The first ``limit`` of ``rows`` and, past them, the rest of the last one's edit of an
    action (``rows`` holds up to :data:`ENTITY_RUN` more): the receiver judges an action's
    fields together, so the fields one edit wrote come in one batch."""
    end = limit
    while end < len(rows) and same_edit(rows[end - 1], rows[end]):
        end += 1
    return rows[:end]


def same_edit(before: Sequence[Any], row: Sequence[Any]) -> bool:
    """Whether ``row`` goes on ``before``'s edit of an action: the same action, and the next
    event of the same device."""
    return (row[2] == "action" and row[3] == before[3] and row[8] == before[8]
            and row[9] == before[9] + 1)


def others_changes(store: EventStore) -> int:
    """A number that moves whenever another connection commits (``data_version``): with
    its own writes noted by the caller, a cache key for the hub's version vector."""
    return store.conn.execute("PRAGMA data_version").fetchone()[0]


def known_ids(store: EventStore, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` this database already holds."""
    return {r[0] for r in rows_in(store.conn, "SELECT id FROM events WHERE id IN ({marks})",
                                   ids)}


def open_conflicts(store: EventStore) -> int:
    """How many fields, across every inspection, have more than one head."""
    return store.conn.execute("SELECT count(*) FROM state WHERE conflict = 1").fetchone()[0]


# --- the hub's registry of devices --------------------------------------------------------

@dataclass(frozen=True)
class Device:
    device: str
    name: str
    role: str
    sign_key: str
    box_key: str
    enrolled_at: str
    vector: dict[str, int]
    last_seen: str | None
    revoked: bool


_DEVICE_COLS = ("device, name, role, sign_key, box_key, enrolled_at, vector, last_seen, "
                "revoked")


def _device(row: sqlite3.Row | tuple | None) -> Device | None:
    if row is None:
        return None
    return Device(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]), row[7],
                  bool(row[8]))


class DeviceRegistry:
    """Enrolment codes and enrolled devices, held in the hub's database."""

    def __init__(self, store: EventStore):
        self.store = store
        self.conn = store.conn

    def add_enrolment(self, code_hash: str, name: str, role: str) -> None:
        with write_transaction(self.conn):
            self.conn.execute("INSERT INTO sync_enrolments (code_hash, name, role, created_at) "
                              "VALUES (?, ?, ?, ?)", (code_hash, name, role, now_iso()))

    def claim(self, code_hash: str, device: str, token_hash: str, sign_key: str,
              box_key: str, expires: str, max_age_days: int = 14) -> Device | str:
        """Use a one-time code for ``device``: the new :class:`Device`, or why not."""
        with write_transaction(self.conn):
            row = self.conn.execute(
                "SELECT name, role, used_at, julianday('now') - julianday(created_at) "
                "FROM sync_enrolments WHERE code_hash = ?", (code_hash,)).fetchone()
            if row is None:
                return "unknown enrolment code"
            name, role, used_at, age = row
            if used_at is not None:
                return "this enrolment code has already been used"
            if age is not None and age > max_age_days:
                return "this enrolment code has expired; ask for a new one"
            existing = self.conn.execute("SELECT revoked FROM sync_devices WHERE device = ?",
                                         (device,)).fetchone()
            if existing is not None and not existing[0]:
                return f"device {device} is already enrolled (revoke it first to re-enrol)"
            at = now_iso()
            self.conn.execute("UPDATE sync_enrolments SET used_at = ?, device = ? "
                              "WHERE code_hash = ?", (at, device, code_hash))
            self.conn.execute(
                "INSERT INTO sync_devices (device, name, role, token_hash, sign_key, box_key, "
                "enrolled_at, token_expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (device) DO UPDATE SET "
                "name = excluded.name, role = excluded.role, token_hash = excluded.token_hash, "
                "sign_key = excluded.sign_key, box_key = excluded.box_key, "
                "enrolled_at = excluded.enrolled_at, token_expires = excluded.token_expires, "
                "next_token_hash = NULL, next_token_expires = NULL, revoked = 0",
                (device, name, role, token_hash, sign_key, box_key, at, expires))
        return self.get(device)  # type: ignore[return-value]

    def by_token(self, token_hash: str) -> Device | str:
        """The device holding this token, or why not (unknown, revoked, expired; see
        :meth:`refused_holder` for whose it was).

        A renewed token replaces the current one the first time it is used; until then
        the current one still works, so a renewal whose reply was lost costs nothing.
        """
        row = self.conn.execute(
            f"SELECT {_DEVICE_COLS}, token_expires < ?, next_token_hash = ? "
            "FROM sync_devices WHERE token_hash = ? OR next_token_hash = ?",
            (now_iso(), token_hash, token_hash, token_hash)).fetchone()
        if row is None:
            return "unknown device token"
        device = _device(row)
        assert device is not None
        if device.revoked:
            return "revoked device"
        if row[-1]:
            with write_transaction(self.conn):
                self.conn.execute(
                    "UPDATE sync_devices SET token_hash = next_token_hash, "
                    "token_expires = next_token_expires, next_token_hash = NULL, "
                    "next_token_expires = NULL WHERE device = ? AND next_token_hash = ?",
                    (device.device, token_hash))
            return device
        if row[-2]:
            return "expired device token"
        return device

    def refused_holder(self, token_hash: str) -> str | None:
        """The device a refused token was issued to (revoked or expired), if any: the
        audit trail names who was turned away, not only that someone was."""
        row = self.conn.execute("SELECT device FROM sync_devices WHERE token_hash = ? OR "
                                "next_token_hash = ?", (token_hash, token_hash)).fetchone()
        return None if row is None else row[0]

    def renew(self, device: str, token_hash: str, expires: str) -> None:
        """Offer ``token_hash`` as the device's next token (see :meth:`by_token`)."""
        with write_transaction(self.conn):
            self.conn.execute("UPDATE sync_devices SET next_token_hash = ?, "
                              "next_token_expires = ? WHERE device = ? AND revoked = 0",
                              (token_hash, expires, device))

    def get(self, device: str) -> Device | None:
        return _device(self.conn.execute(
            f"SELECT {_DEVICE_COLS} FROM sync_devices WHERE device = ?", (device,)).fetchone())

    def all(self) -> list[Device]:
        rows = self.conn.execute(f"SELECT {_DEVICE_COLS} FROM sync_devices ORDER BY name")
        return [d for d in map(_device, rows) if d is not None]

    def revoke(self, device: str) -> bool:
        with write_transaction(self.conn):
            cur = self.conn.execute("UPDATE sync_devices SET revoked = 1, "
                                    "next_token_hash = NULL WHERE device = ?", (device,))
        return cur.rowcount > 0

    def saw(self, device: str, vector: dict[str, int] | None = None) -> None:
        """Note contact with ``device`` and, if given, what it holds (entrywise maximum)."""
        with write_transaction(self.conn):
            row = self.conn.execute("SELECT vector FROM sync_devices WHERE device = ?",
                                    (device,)).fetchone()
            if row is None:
                return
            merged = json.loads(row[0])
            for key, seq in (vector or {}).items():
                merged[key] = max(int(seq), int(merged.get(key, 0)))
            self.conn.execute("UPDATE sync_devices SET vector = ?, last_seen = ? "
                              "WHERE device = ?",
                              (json.dumps(merged, sort_keys=True), now_iso(), device))


# --- what the validator asks of the receiver ----------------------------------------------

class StoreKnown:
    """:class:`inspect_tui.domain.validation.Known` over a store: what it holds, asked
    once per batch. ``vector``: the caller's (cached) version vector, if it keeps one."""

    def __init__(self, store: EventStore, vector: dict[str, int] | None = None):
        self.store = store
        self._vector = vector

    def events(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        return {id_: (eid, field) for id_, eid, field in rows_in(
            self.store.conn, "SELECT id, entity_id, field FROM events WHERE id IN ({marks}) "
            "AND id NOT IN (SELECT event_id FROM quarantine)", ids)}

    def written_entities(self, entity_ids: Iterable[str]) -> set[str]:
        return {r[0] for r in rows_in(
            self.store.conn, "SELECT DISTINCT entity_id FROM events WHERE entity_id IN "
            "({marks})", entity_ids)}

    def edition(self, inspection_id: str) -> str | None:
        row = self.store.conn.execute(
            "SELECT value FROM state WHERE entity_id = ? AND field = 'content_edition'",
            (inspection_id,)).fetchone()
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, str) else None

    def review_steps(self, inspection_id: str) -> list:
        from ..domain.review import Step

        steps = []
        for event_id, value in self.store.conn.execute(
                "SELECT event_id, value FROM state WHERE inspection_id = ? "
                "AND entity = 'review' AND field = 'entry'", (inspection_id,)):
            try:
                entry = json.loads(value)
            except (ValueError, RecursionError):
                continue
            if isinstance(entry, dict):
                steps.append(Step.of(event_id, entry))
        return steps

    def vector(self) -> dict[str, int]:
        if self._vector is None:
            self._vector = self.store.version_vector()
        return self._vector

    def fields(self, entity_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for eid, field, value in rows_in(
                self.store.conn, "SELECT entity_id, field, value FROM state "
                "WHERE entity_id IN ({marks})", entity_ids):
            found.setdefault(eid, {})[field] = value
        return found


class EmptyKnown:
    """A receiver that holds nothing: to check a whole log from its first event."""

    def events(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        return {}

    def written_entities(self, entity_ids: Iterable[str]) -> set[str]:
        return set()

    def edition(self, inspection_id: str) -> str | None:
        return None

    def review_steps(self, inspection_id: str) -> list:
        return []

    def vector(self) -> dict[str, int]:
        return {}

    def fields(self, entity_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        return {}


def event_values(store: EventStore, ids: list[str]) -> dict[str, tuple[str, str]]:
    """For each of ``ids`` held: (inspection id, value as JSON text)."""
    return {id_: (iid, value) for id_, iid, value in rows_in(
        store.conn, "SELECT id, inspection_id, value FROM events WHERE id IN ({marks})", ids)}
