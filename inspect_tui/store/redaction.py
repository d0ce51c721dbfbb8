"""Applying redactions to the log and the state (the rule: :mod:`inspect_tui.domain.redaction`).

Called inside the transaction that added events (a local record or a merge): the targets
of any new redaction event are noted, then every noted target held here and not yet
redacted has its value replaced, and the state of the fields touched is rebuilt. A
target whose new value is not a redaction of its old one is left alone (the hub refuses
such an event; this is defence in depth). The caller scrubs the file afterwards.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from .database import rows_in

log = logging.getLogger(__name__)


def note_and_apply(conn: sqlite3.Connection, after_rowid: int, rebuild: Any) -> int:
    """Note redactions among events past ``after_rowid`` and apply every pending one;
    ``rebuild(sql)`` recomputes the state of the fields ``sql`` names. Return how many
    values were replaced."""
    new_redactions = conn.execute(
        "SELECT id, value FROM events WHERE rowid > ? AND entity = 'redaction'",
        (after_rowid,)).fetchall()
    if new_redactions or conn.execute(
            "SELECT 1 FROM redactions WHERE applied = 0 LIMIT 1").fetchone():
        return _apply(conn, new_redactions, rebuild)
    return 0


def _apply(conn: sqlite3.Connection, new_redactions: list[tuple], rebuild: Any) -> int:
    # Imported here: pydantic is not needed to open a database and paint the home list.
    from pydantic import ValidationError

    from ..domain.redaction import Redaction, valid_target

    for redaction_id, value in new_redactions:
        try:
            redaction = Redaction.model_validate(json.loads(value))
        except (ValueError, ValidationError):
            log.warning("redaction %s is malformed; ignored", redaction_id)
            continue
        conn.executemany(
            "INSERT OR IGNORE INTO redactions (event_id, redaction_id, value, note) "
            "VALUES (?, ?, ?, ?)",
            [(eid, redaction_id, new, redaction.note())
             for eid, new in redaction.targets.items()])
    pending = conn.execute(
        "SELECT r.event_id, r.value, e.value FROM redactions r JOIN events e "
        "ON e.id = r.event_id WHERE r.applied = 0").fetchall()
    if not pending:
        return 0
    done = []
    for event_id, new, old in pending:
        if valid_target(old, new):
            conn.execute("UPDATE events SET value = ? WHERE id = ?", (new, event_id))
        else:
            log.warning("redaction of %s does not only erase text; not applied", event_id)
        done.append((event_id,))
    conn.executemany("UPDATE redactions SET applied = 1 WHERE event_id = ?", done)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS redacted_now (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.redacted_now")
    conn.executemany("INSERT OR IGNORE INTO temp.redacted_now VALUES (?)", done)
    rebuild("SELECT DISTINCT entity_id, field FROM events "
            "WHERE id IN (SELECT id FROM temp.redacted_now)")
    conn.execute("DELETE FROM temp.redacted_now")
    return len(done)


def notes(conn: sqlite3.Connection, event_ids: list[str]) -> dict[str, str]:
    """"redacted by X on D: reason" for those of ``event_ids`` that were redacted."""
    return dict(rows_in(conn, "SELECT event_id, note FROM redactions WHERE applied = 1 "
                        "AND event_id IN ({marks})", event_ids))
