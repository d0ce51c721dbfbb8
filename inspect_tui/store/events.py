"""The event log, its heads and the materialised state.

Every edit is an immutable event. The current value of a field is the set of its *heads*
(events no known event replaces): one head is the value, several are a conflict that a
person resolves. Appending and merging update heads and state in the same transaction.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..domain.time import utc_stamp
from .database import connect, write_transaction
from .redaction import note_and_apply

log = logging.getLogger(__name__)

SENT_UPTO = "sent_upto"  # meta key: this device's events up to here have left the device
SEQ_FLOOR = "seq_floor"  # meta key: this device's sequence never goes back below this
EVENT_COLUMNS = ("id", "inspection_id", "entity", "entity_id", "field", "value", "replaces",
                 "author", "device", "device_seq", "at")


def now_iso() -> str:
    """An event's ``at``: UTC, by the one time policy."""
    return utc_stamp()


class Unreadable:
    """Stands for a stored value that is not JSON this process can read (damaged, or
    nested too deep): no model accepts it, so the read model leaves it out."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text[:80]

    def __repr__(self) -> str:
        return f"Unreadable({self.text!r})"


_LONG_DIGITS = re.compile(r"[0-9]{19}")


def loads(text: str) -> Any:
    """A stored value, or :class:`Unreadable`: reading the log never raises.

    orjson reads what json reads, to the same values, several times faster (a load reads
    every field of an inspection). What it refuses that json accepts (NaN, nesting past
    1024) goes to json, and so does any text with a run of 19 digits: orjson reads an
    integer past 64 bits as a float, where json keeps it whole. The answer is json's in
    every case."""
    if isinstance(text, str) and not _LONG_DIGITS.search(text):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    try:
        return json.loads(text)
    except (ValueError, RecursionError, TypeError):
        return Unreadable(str(text))


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    inspection_id: str
    entity: str
    entity_id: str
    field: str
    value: Any
    replaces: tuple[str, ...]
    author: str
    device: str
    device_seq: int
    at: str

    def row(self) -> tuple:
        return (self.id, self.inspection_id, self.entity, self.entity_id, self.field,
                dumps(self.value), dumps(list(self.replaces)), self.author, self.device,
                self.device_seq, self.at)

    @classmethod
    def from_row(cls, row: sqlite3.Row | tuple) -> Event:
        (id_, inspection_id, entity, entity_id, field, value, replaces, author, device,
         device_seq, at) = row
        parsed = loads(replaces)
        return cls(id_, inspection_id, entity, entity_id, field, loads(value),
                   tuple(parsed) if isinstance(parsed, list) else (), author, device,
                   device_seq, at)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "inspection_id": self.inspection_id, "entity": self.entity,
                "entity_id": self.entity_id, "field": self.field, "value": self.value,
                "replaces": list(self.replaces), "author": self.author, "device": self.device,
                "device_seq": self.device_seq, "at": self.at}


def _kept(rows: Iterable[tuple], held: Mapping[str, int], quarantine: Mapping[str, str] | None,
          raw: dict[str, str]) -> Iterator[tuple]:
    """The rows not yet held; a quarantined one is logged with a null value (its row as
    received is kept in ``raw``, for the quarantine table), so that reading the log never
    meets a value that is not JSON."""
    for r in rows:
        if r[9] <= held.get(r[8], 0):
            continue
        if quarantine and r[0] in quarantine:
            raw[r[0]] = json.dumps(list(r), ensure_ascii=False)
            r = (*r[:5], "null", "[]", *r[7:])
        yield r


class MalformedEvent(ValueError):
    """An event from elsewhere that cannot be stored as it is; nothing was merged."""

    def __init__(self, message: str, event_id: str | None = None):
        super().__init__(message)
        self.event_id = event_id


@dataclass(frozen=True, slots=True)
class FieldValue:
    """The materialised value of one field; ``conflict`` when several heads disagree."""

    entity: str
    entity_id: str
    field: str
    value: Any
    conflict: bool
    event_id: str = ""  # the event the value comes from (a conflict: the one shown)


@dataclass(frozen=True, slots=True)
class Edit:
    """One field change requested by a user."""

    inspection_id: str
    entity: str
    entity_id: str
    field: str
    value: Any


class EventStore:
    """All reads and writes of the event log and state. The only module that writes SQL."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.conn: sqlite3.Connection = connect(self.path)
        self.device = self._meta_default("device", secrets.token_hex(8))

    def close(self) -> None:
        self.conn.close()

    # --- meta --------------------------------------------------------------------------
    def _meta_default(self, key: str, default: str) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        with write_transaction(self.conn):
            self.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                              (key, default))
        return self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def transaction(self):
        """One write transaction for several of this store's writes (each of which then
        commits with it): ``with store.transaction(): ...``."""
        return write_transaction(self.conn)

    def set_meta(self, key: str, value: str) -> None:
        with write_transaction(self.conn):
            self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                              (key, value))

    def delete_meta(self, *keys: str) -> None:
        with write_transaction(self.conn):
            self.conn.executemany("DELETE FROM meta WHERE key = ?", [(k,) for k in keys])

    def scrub(self) -> None:
        """Leave no erased bytes in the file: free pages zeroed (``secure_delete`` is on
        for every connection), the file rebuilt, and the WAL checkpointed and truncated.
        """
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.execute("VACUUM")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- local edits -------------------------------------------------------------------
    def record(self, edits: Iterable[Edit], author: str, fold: bool = False) -> list[Event]:
        """Append one event per edit in a single transaction; return the events written.

        With ``fold``, an edit whose field's only head is this author's own event that has
        never left the device updates that event in place: typing makes edits, not one
        event per keystroke. Edits that set a field to its current value are skipped.
        """
        written: list[Event] = []
        redacted = 0
        with write_transaction(self.conn):
            before = self._last_rowid()
            seq = self._max_seq()
            sent_upto = int(self.get_meta(SENT_UPTO) or 0)
            for edit in edits:
                event, seq = self._record_one(edit, author, fold, seq, sent_upto)
                if event is not None:
                    written.append(event)
            if any(e.entity == "redaction" for e in written):
                redacted = note_and_apply(self.conn, before, self._rebuild_state)
        if redacted:
            self.checkpoint_quietly()
        return written

    def _last_rowid(self) -> int:
        return self.conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0]

    def checkpoint_quietly(self) -> None:
        """After a redaction: the erased values' bytes out of the WAL. ``secure_delete``
        has already zeroed them in the file's pages; no VACUUM, which would hold a hub of
        millions of events for minutes. Busy readers elsewhere can hold the WAL back; the
        next checkpoint then finishes the job."""
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError as exc:
            log.warning("%s: could not yet scrub after a redaction (%s)", self.path, exc)

    def _max_seq(self) -> int:
        row = self.conn.execute("SELECT max(device_seq) FROM events WHERE device = ?",
                                (self.device,)).fetchone()
        return max(row[0] or 0, self._seq_floor())

    def _seq_floor(self) -> int:
        """The highest sequence this device has used, even if those events are gone
        (an inspection removed after its member lost access): never reused."""
        return int(self.get_meta(SEQ_FLOOR) or 0)

    def _record_one(self, edit: Edit, author: str, fold: bool, seq: int,
                    sent_upto: int) -> tuple[Event | None, int]:
        conn = self.conn
        heads = conn.execute(
            "SELECT e.id, e.value, e.author, e.device, e.device_seq FROM heads h "
            "JOIN events e ON e.id = h.event_id WHERE h.entity_id = ? AND h.field = ?",
            (edit.entity_id, edit.field)).fetchall()
        value_json = dumps(edit.value)
        if len(heads) == 1 and heads[0][1] == value_json:
            return None, seq
        at = now_iso()
        if (fold and len(heads) == 1 and heads[0][2] == author and heads[0][3] == self.device
                and heads[0][4] > sent_upto):
            event_id = heads[0][0]
            conn.execute("UPDATE events SET value = ?, at = ? WHERE id = ?",
                         (value_json, at, event_id))
            conn.execute("UPDATE state SET value = ? WHERE entity_id = ? AND field = ?",
                         (value_json, edit.entity_id, edit.field))
            row = conn.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE id = ?",
                               (event_id,)).fetchone()
            return Event.from_row(row), seq
        seq += 1
        replaces = tuple(sorted(h[0] for h in heads))
        event = Event(f"{self.device}-{seq}", edit.inspection_id, edit.entity, edit.entity_id,
                      edit.field, edit.value, replaces, author, self.device, seq, at)
        conn.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", event.row())
        if replaces:
            conn.executemany("INSERT OR IGNORE INTO superseded (event_id, by_event) VALUES (?, ?)",
                             [(r, event.id) for r in replaces])
            conn.execute("DELETE FROM heads WHERE entity_id = ? AND field = ?",
                         (edit.entity_id, edit.field))
        conn.execute("INSERT INTO heads (entity_id, field, event_id) VALUES (?, ?, ?)",
                     (edit.entity_id, edit.field, event.id))
        conn.execute(
            "INSERT INTO state (entity_id, field, inspection_id, entity, value, event_id, conflict)"
            " VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (entity_id, field) DO UPDATE SET "
            "value = excluded.value, event_id = excluded.event_id, conflict = 0",
            (edit.entity_id, edit.field, edit.inspection_id, edit.entity, value_json, event.id))
        return event, seq

    # --- merging events from elsewhere -------------------------------------------------
    def merge(self, events: Iterable[Event]) -> int:
        """Apply events from another device (set union); return how many were new.

        Set-based so a large bundle merges quickly: the batch goes into a temporary table,
        known ids are dropped, then the log, ``superseded``, heads and state are updated
        for the touched fields only. Merging is idempotent and order-independent.
        """
        return self.merge_rows(e.row() for e in events)

    def merge_rows(self, rows: Iterable[tuple], check_json: bool = False,
                   quarantine: Mapping[str, str] | None = None,
                   held: Mapping[str, int] | None = None) -> int:
        """:meth:`merge` for rows already in :data:`EVENT_COLUMNS` order (JSON as text).

        ``rows`` is consumed inside the transaction: if it raises (a bundle found damaged
        half-way), nothing is applied. Rows the version vector says are held are dropped
        before they reach SQLite, so a replayed batch costs little more than reading it.
        The rest go straight into the log (``INSERT OR IGNORE`` by id); the rows this
        merge added are those past the log's highest rowid before it, and heads and state
        are then updated from them. With ``check_json`` (rows from another party), a row
        whose ``value`` or ``replaces`` is not JSON raises :class:`MalformedEvent`.
        ``quarantine`` (event id -> why): events kept in the log but not applied, listed by
        :meth:`quarantined` (they failed validation on the way in). ``held``: the caller's
        up-to-date version vector, if it keeps one (computing it scans the log).
        """
        conn = self.conn
        cols = ", ".join(EVENT_COLUMNS)
        with write_transaction(conn):
            held = self.version_vector(own_floor=False) if held is None else held
            before = conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0]
            raw: dict[str, str] = {}
            conn.executemany(f"INSERT OR IGNORE INTO events ({cols}) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             _kept(rows, held, quarantine, raw))
            new = conn.execute("SELECT count(*) FROM events WHERE rowid > ?",
                               (before,)).fetchone()[0]
            if not new:
                return 0
            # NOT INDEXED: the rows added, by rowid. Left to itself the planner would
            # answer the DISTINCT of _rebuild_state by walking the whole (entity_id,
            # field) index, a third of a second on a hub of millions for a push of 1,000.
            added = f"(SELECT * FROM events NOT INDEXED WHERE rowid > {int(before)})"
            if quarantine:
                at = now_iso()
                conn.executemany(
                    "INSERT OR IGNORE INTO quarantine (event_id, reason, at, raw) "
                    "SELECT id, ?, ?, ? FROM events WHERE id = ? AND rowid > ?",
                    ((reason[:500], at, raw.get(eid), eid, before)
                     for eid, reason in quarantine.items()))
                added = (f"(SELECT * FROM events NOT INDEXED WHERE rowid > {int(before)} "
                         "AND id NOT IN "
                         "(SELECT event_id FROM quarantine))")
            if check_json:
                bad = conn.execute(
                    f"SELECT id FROM {added} WHERE NOT json_valid(value) OR "
                    "(replaces != '[]' AND (NOT json_valid(replaces) OR "
                    "json_type(replaces) != 'array' OR EXISTS "
                    "(SELECT 1 FROM json_each(replaces) j WHERE j.type != 'text'))) "
                    "LIMIT 1").fetchone()
                if bad:
                    raise MalformedEvent(f"event {bad[0][:40]!r}: value or replaces is "
                                         "not valid JSON", event_id=bad[0])
            # Who replaces whom, read out of the added rows' JSON once for both uses.
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS merged_replaces "
                         "(event_id TEXT NOT NULL, by_event TEXT NOT NULL)")
            conn.execute("DELETE FROM temp.merged_replaces")
            conn.execute("INSERT INTO temp.merged_replaces SELECT j.value, i.id FROM "
                         f"{added} i, json_each(i.replaces) j WHERE i.replaces != '[]'")
            conn.execute("INSERT OR IGNORE INTO superseded (event_id, by_event) "
                         "SELECT event_id, by_event FROM temp.merged_replaces")
            conn.execute("DELETE FROM heads WHERE event_id IN "
                         "(SELECT event_id FROM temp.merged_replaces)")
            conn.execute("DELETE FROM temp.merged_replaces")
            conn.execute("INSERT OR IGNORE INTO heads (entity_id, field, event_id) "
                         f"SELECT entity_id, field, id FROM {added} i WHERE NOT EXISTS "
                         "(SELECT 1 FROM superseded s WHERE s.event_id = i.id)")
            self._rebuild_state(f"SELECT DISTINCT entity_id, field FROM {added}")
            redacted = note_and_apply(conn, before, self._rebuild_state)
        if redacted:
            self.checkpoint_quietly()
        return new

    def _rebuild_state(self, touched_sql: str) -> None:
        """Recompute state rows for the fields named by ``touched_sql``.

        With several heads the row is marked as a conflict; its value is the head with the
        greatest event id, a stable choice for display only: the conflict shows every value.
        """
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (entity_id, field, "
                     "PRIMARY KEY (entity_id, field))")
        conn.execute("DELETE FROM temp.touched")
        conn.execute(f"INSERT OR IGNORE INTO temp.touched {touched_sql}")
        conn.execute("DELETE FROM state WHERE (entity_id, field) IN "
                     "(SELECT entity_id, field FROM temp.touched)")
        conn.execute(
            "INSERT INTO state (entity_id, field, inspection_id, entity, value, event_id, conflict)"
            " SELECT e.entity_id, e.field, e.inspection_id, e.entity, e.value, e.id, "
            "   (SELECT count(*) FROM heads h2 WHERE h2.entity_id = e.entity_id "
            "      AND h2.field = e.field) > 1 "
            " FROM temp.touched t JOIN heads h ON h.entity_id = t.entity_id AND h.field = t.field"
            " JOIN events e ON e.id = h.event_id "
            " WHERE h.event_id = (SELECT max(h3.event_id) FROM heads h3 "
            "   WHERE h3.entity_id = t.entity_id AND h3.field = t.field)")
        conn.execute("DELETE FROM temp.touched")

    # --- quarantine --------------------------------------------------------------------
    def quarantined(self) -> list[tuple[str, str, str, str, str, str]]:
        """(event id, inspection id, entity, field, why, when) of every quarantined event."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT q.event_id, e.inspection_id, e.entity, e.field, q.reason, q.at "
            "FROM quarantine q JOIN events e ON e.id = q.event_id ORDER BY q.at, q.event_id")]

    def quarantine_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM quarantine").fetchone()[0]

    def quarantine_applied(self, reasons: Mapping[str, str]) -> int:
        """Quarantine events already applied (found invalid in this database): keep them
        in the log, take them out of heads and state, and let what they replaced show
        again. Return how many were newly quarantined."""
        conn = self.conn
        with write_transaction(conn):
            at = now_iso()
            before = self.quarantine_count()
            conn.executemany("INSERT OR IGNORE INTO quarantine (event_id, reason, at) "
                             "SELECT id, ?, ? FROM events WHERE id = ?",
                             ((r[:500], at, eid) for eid, r in reasons.items()))
            added = self.quarantine_count() - before
            if not added:
                return 0
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS bad (id TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM temp.bad")
            conn.executemany("INSERT OR IGNORE INTO temp.bad VALUES (?)",
                             ((eid,) for eid in reasons))
            fields = ("SELECT DISTINCT e.entity_id, e.field FROM events e "
                      "JOIN temp.bad b ON b.id = e.id")
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS bad_fields (entity_id, field)")
            conn.execute("DELETE FROM temp.bad_fields")
            conn.execute(f"INSERT INTO temp.bad_fields {fields}")
            # Recompute heads of the touched fields from the events still applied.
            conn.execute("DELETE FROM superseded WHERE by_event IN (SELECT id FROM temp.bad)")
            conn.execute("DELETE FROM heads WHERE (entity_id, field) IN "
                         "(SELECT entity_id, field FROM temp.bad_fields)")
            conn.execute(
                "INSERT OR IGNORE INTO heads (entity_id, field, event_id) "
                "SELECT e.entity_id, e.field, e.id FROM events e JOIN temp.bad_fields f "
                "ON f.entity_id = e.entity_id AND f.field = e.field "
                "WHERE e.id NOT IN (SELECT event_id FROM quarantine) AND NOT EXISTS "
                "(SELECT 1 FROM superseded s WHERE s.event_id = e.id)")
            self._rebuild_state("SELECT entity_id, field FROM temp.bad_fields")
            conn.execute("DELETE FROM temp.bad")
            conn.execute("DELETE FROM temp.bad_fields")
        return added

    def rows_in_order(self, inspection_id: str | None = None) -> Iterator[tuple]:
        """Every event row not quarantined (of one inspection), in the order stored."""
        where = "" if inspection_id is None else "inspection_id = ? AND "
        yield from self.conn.execute(
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {where}id NOT IN "
            "(SELECT event_id FROM quarantine) ORDER BY rowid",
            () if inspection_id is None else (inspection_id,))

    # --- reads -------------------------------------------------------------------------
    def state(self, inspection_id: str) -> list[FieldValue]:
        rows = self.conn.execute(
            "SELECT entity, entity_id, field, value, conflict, event_id FROM state "
            "WHERE inspection_id = ?", (inspection_id,)).fetchall()
        return [FieldValue(r[0], r[1], r[2], loads(r[3]), bool(r[4]), r[5]) for r in rows]

    def fields(self, entity_id: str) -> dict[str, Any]:
        """The current fields of one entity (for validating an edit without a full load)."""
        return {r[0]: loads(r[1]) for r in self.conn.execute(
            "SELECT field, value FROM state WHERE entity_id = ?", (entity_id,))}

    def entity_values(self, inspection_id: str, entity: str) -> list[FieldValue]:
        rows = self.conn.execute(
            "SELECT entity, entity_id, field, value, conflict, event_id FROM state "
            "WHERE inspection_id = ? AND entity = ?", (inspection_id, entity)).fetchall()
        return [FieldValue(r[0], r[1], r[2], loads(r[3]), bool(r[4]), r[5]) for r in rows]

    def entity_state(self, entity: str) -> list[FieldValue]:
        """Every field of every entity of one kind, across inspections (e.g. the home list)."""
        rows = self.conn.execute(
            "SELECT entity, entity_id, field, value, conflict, event_id FROM state "
            "WHERE entity = ?",
            (entity,)).fetchall()
        return [FieldValue(r[0], r[1], r[2], loads(r[3]), bool(r[4]), r[5]) for r in rows]

    def inspection_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT inspection_id FROM state WHERE entity = 'inspection'")]

    def heads(self, entity_id: str, field: str) -> list[Event]:
        cols = ", ".join("e." + c for c in EVENT_COLUMNS)
        rows = self.conn.execute(
            f"SELECT {cols} FROM heads h JOIN events e ON e.id = h.event_id "
            "WHERE h.entity_id = ? AND h.field = ? ORDER BY e.id", (entity_id, field)).fetchall()
        return [Event.from_row(r) for r in rows]

    def conflicts(self, inspection_id: str) -> list[tuple[str, str, str, list[Event]]]:
        """(entity, entity_id, field, heads) for every field with more than one head."""
        rows = self.conn.execute(
            "SELECT entity, entity_id, field FROM state WHERE inspection_id = ? AND conflict = 1 "
            "ORDER BY entity, entity_id, field", (inspection_id,)).fetchall()
        return [(r[0], r[1], r[2], self.heads(r[1], r[2])) for r in rows]

    def history(self, entity_id: str, field: str | None = None) -> list[Event]:
        cols = ", ".join(EVENT_COLUMNS)
        if field is None:
            rows = self.conn.execute(f"SELECT {cols} FROM events WHERE entity_id = ? "
                                     "ORDER BY at, id", (entity_id,))
        else:
            rows = self.conn.execute(f"SELECT {cols} FROM events WHERE entity_id = ? AND "
                                     "field = ? ORDER BY at, id", (entity_id, field))
        return [Event.from_row(r) for r in rows]

    def events(self, inspection_id: str | None = None) -> Iterator[Event]:
        cols = ", ".join(EVENT_COLUMNS)
        if inspection_id is None:
            cursor = self.conn.execute(f"SELECT {cols} FROM events ORDER BY device, device_seq")
        else:
            cursor = self.conn.execute(f"SELECT {cols} FROM events WHERE inspection_id = ? "
                                       "ORDER BY device, device_seq", (inspection_id,))
        for row in cursor:
            yield Event.from_row(row)

    def event_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM events").fetchone()[0]

    # --- sync support ------------------------------------------------------------------
    def version_vector(self, own_floor: bool = True) -> dict[str, int]:
        """Per device, the highest ``device_seq`` up to which every event is held.

        ``own_floor=False``: this device's own entry too counts only what is held, not
        what went with a removed inspection (to ask the hub for those back).

        A lost message can leave a gap (1..5 and 9 held): the vector then says 5, so the
        next exchange resends 6.. and the gap closes; 9 comes again and is ignored.
        """
        vector: dict[str, int] = {}
        for device, top, count in self.conn.execute(
                "SELECT device, max(device_seq), count(*) FROM events GROUP BY device"):
            if top == count:
                vector[device] = top
                continue
            expected = 0
            for (seq,) in self.conn.execute(
                    "SELECT device_seq FROM events WHERE device = ? ORDER BY device_seq",
                    (device,)):
                if seq != expected + 1:
                    break
                expected = seq
            vector[device] = expected
        if own_floor and self._seq_floor():
            # Some of this device's own events went with a removed inspection: it still
            # made them all (the hub holds them), so it counts up to its highest.
            vector[self.device] = self._max_seq()
        return vector

    def events_missing_from(self, vector: dict[str, int], limit: int | None = None
                            ) -> Iterator[Event]:
        """Events the holder of ``vector`` lacks, in per-device order."""
        cols = ", ".join(EVENT_COLUMNS)
        for device, upto in self.version_vector().items():
            have = vector.get(device, 0)
            if upto <= have:
                continue
            cursor = self.conn.execute(
                f"SELECT {cols} FROM events WHERE device = ? AND device_seq > ? "
                "ORDER BY device_seq" + (f" LIMIT {int(limit)}" if limit else ""),
                (device, have))
            for row in cursor:
                yield Event.from_row(row)

    def reauthor_unsent(self, author: str) -> int:
        """Write this device's events that have never left it as ``author`` (and review
        entries as ``by`` them): on enrolment the hub's name for the device's user becomes
        the author of the work done here before. Return how many events changed."""
        sent_upto = int(self.get_meta(SENT_UPTO) or 0)
        with write_transaction(self.conn):
            changed = self.conn.execute(
                "UPDATE events SET author = ? WHERE device = ? AND device_seq > ? "
                "AND author != ?", (author, self.device, sent_upto, author)).rowcount
            self.conn.execute(
                "UPDATE events SET value = json_set(value, '$.by', ?) WHERE device = ? "
                "AND device_seq > ? AND entity = 'review' AND field = 'entry' "
                "AND json_valid(value) AND json_type(value) = 'object'",
                (author, self.device, sent_upto))
            self.conn.execute(
                "UPDATE state SET value = (SELECT e.value FROM events e WHERE e.id = "
                "state.event_id) WHERE entity = 'review' AND event_id IN (SELECT id FROM "
                "events WHERE device = ? AND device_seq > ? AND entity = 'review')",
                (self.device, sent_upto))
        return changed

    def mark_sent(self, upto_seq: int | None = None) -> None:
        """Freeze this device's events up to ``upto_seq``: they have left the device."""
        upto = self._max_seq() if upto_seq is None else upto_seq
        current = int(self.get_meta(SENT_UPTO) or 0)
        if upto > current:
            self.set_meta(SENT_UPTO, str(upto))
