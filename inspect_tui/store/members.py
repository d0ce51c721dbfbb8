"""The queries need-to-know sync needs on the hub: each inspection's members as its state
says (lead inspector, team, reviewers) plus who created it, managers' teams, and the
inspections each device was last told it may hold. The rule is in
:mod:`inspect_tui.domain.membership`; the hub's use of it in :mod:`inspect_tui.sync.membership`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from ..domain.membership import Members, normalise
from .database import write_transaction
from .events import EventStore, now_iso

MEMBER_FIELDS = ("lead_inspector", "team", "reviewers")
ALL = "*"  # a device_scope row meaning "every inspection"


def members(store: EventStore, inspection_ids: Iterable[str] | None = None
            ) -> dict[str, Members]:
    """The members of every inspection (or of those named) the database holds."""
    fields: dict[str, dict[str, object]] = defaultdict(dict)
    marks = ", ".join("?" * len(MEMBER_FIELDS))
    sql = (f"SELECT inspection_id, field, value FROM state WHERE entity = 'inspection' "
           f"AND entity_id = inspection_id AND field IN ({marks})")
    args: list[str] = list(MEMBER_FIELDS)
    wanted = None if inspection_ids is None else set(inspection_ids)
    for iid, field, value in store.conn.execute(sql, args):
        if wanted is None or iid in wanted:
            fields[iid][field] = json.loads(value)
    for iid, name in store.conn.execute("SELECT inspection_id, name FROM inspection_origin"):
        if wanted is None or iid in wanted:
            fields[iid]["creator"] = name
    for iid in held_inspections(store):
        if wanted is None or iid in wanted:
            fields.setdefault(iid, {})
    return {iid: Members.from_fields(f) for iid, f in fields.items()}


def held_inspections(store: EventStore) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT DISTINCT inspection_id FROM state")}


def unknown_inspections(store: EventStore, inspection_ids: Iterable[str]) -> set[str]:
    """Which of ``inspection_ids`` the database holds no event of."""
    ids = set(inspection_ids)
    held = {r[0] for r in store.conn.execute(
        f"SELECT DISTINCT inspection_id FROM events WHERE inspection_id IN "
        f"({', '.join('?' * len(ids))})", list(ids))} if ids else set()
    return ids - held


def note_origin(store: EventStore, inspection_ids: Iterable[str], device: str,
                name: str) -> None:
    with write_transaction(store.conn):
        store.conn.executemany(
            "INSERT OR IGNORE INTO inspection_origin (inspection_id, device, name, at) "
            "VALUES (?, ?, ?, ?)", [(iid, device, name, now_iso()) for iid in inspection_ids])


def manager_team(store: EventStore, manager: str) -> frozenset[str] | None:
    """The (normalised) inspectors whose inspections ``manager`` sees; None: every one."""
    rows = store.conn.execute("SELECT inspector FROM manager_teams WHERE manager = ?",
                              (normalise(manager),)).fetchall()
    return frozenset(r[0] for r in rows) if rows else None


def set_manager_team(store: EventStore, manager: str, inspectors: Iterable[str]) -> None:
    """Replace ``manager``'s team; an empty team means the manager sees every inspection."""
    with write_transaction(store.conn):
        store.conn.execute("DELETE FROM manager_teams WHERE manager = ?", (normalise(manager),))
        store.conn.executemany(
            "INSERT OR IGNORE INTO manager_teams (manager, inspector) VALUES (?, ?)",
            [(normalise(manager), normalise(n)) for n in inspectors])


def told_scope(store: EventStore, device: str) -> frozenset[str] | None:
    """The inspections ``device`` was last told it may hold (None: all, or never told)."""
    rows = {r[0] for r in store.conn.execute(
        "SELECT inspection_id FROM device_scope WHERE device = ?", (device,))}
    if not rows or ALL in rows:
        return None
    return frozenset(rows)


def set_told_scope(store: EventStore, device: str, scope: frozenset[str] | None) -> None:
    with write_transaction(store.conn):
        store.conn.execute("DELETE FROM device_scope WHERE device = ?", (device,))
        store.conn.executemany(
            "INSERT INTO device_scope (device, inspection_id) VALUES (?, ?)",
            [(device, iid) for iid in (sorted(scope) if scope is not None else [ALL])])


def own_unsent(store: EventStore, inspection_id: str, acked: int) -> int:
    """This device's events of one inspection past ``acked`` (not yet at the hub)."""
    return store.conn.execute(
        "SELECT count(*) FROM events WHERE inspection_id = ? AND device = ? "
        "AND device_seq > ?", (inspection_id, store.device, acked)).fetchone()[0]


def drop_inspection(store: EventStore, inspection_id: str) -> int:
    """Remove one inspection's events, heads, state and caches in one transaction, then
    checkpoint the WAL; return how many events went.

    The device's own sequence is kept in ``meta`` (``seq_floor``) so that its next edit
    never reuses the id of an event that went with the inspection.
    """
    conn = store.conn
    with write_transaction(conn):
        top = conn.execute("SELECT max(device_seq) FROM events WHERE device = ?",
                           (store.device,)).fetchone()[0] or 0
        conn.execute("INSERT INTO meta (key, value) VALUES ('seq_floor', ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = max(CAST(value AS INTEGER), excluded.value)",
                     (str(top),))
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS dropping (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM temp.dropping")
        conn.execute("INSERT INTO temp.dropping SELECT id FROM events WHERE inspection_id = ?",
                     (inspection_id,))
        conn.execute("DELETE FROM heads WHERE event_id IN (SELECT id FROM temp.dropping)")
        conn.execute("DELETE FROM superseded WHERE event_id IN (SELECT id FROM temp.dropping) "
                     "OR by_event IN (SELECT id FROM temp.dropping)")
        conn.execute("DELETE FROM state WHERE inspection_id = ?", (inspection_id,))
        conn.execute("DELETE FROM home_cache WHERE inspection_id = ?", (inspection_id,))
        gone = conn.execute("DELETE FROM events WHERE inspection_id = ?",
                            (inspection_id,)).rowcount
        conn.execute("DELETE FROM temp.dropping")
    store.checkpoint_quietly()  # secure_delete zeroed the pages; this empties the WAL
    return gone
