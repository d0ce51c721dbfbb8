"""Redaction reaches every copy: a name typed, synced, redacted, synced again is in no
database file's bytes anywhere; the hub lets only a manager's device redact, and only
erase."""

from __future__ import annotations

import json

import httpx
import pytest

from inspect_tui.errors import Forbidden
from inspect_tui.store import Edit
from inspect_tui.sync.client import sync_now

from .privacy_helpers import checkpoint, enrolled, new_inspection, raw_bytes, run
from .sync_helpers import token_of

NAME = "Okonkwo-Whitfield"
ITEM = "sa2023.r4.2.a"


def test_a_redacted_name_is_in_no_database_file(hub_db, hub_server, make_laptop, capsys):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    jo = enrolled(make_laptop, hub_db, hub_server, "Jo Adeyemi")
    mo = enrolled(make_laptop, hub_db, hub_server, "Mo Manager", "manager")
    iid = new_inspection(sam, "Harbour View Lodgings", team=["Jo Adeyemi"])
    # Typed by mistake, synced, then corrected: the name is in the history only...
    sam.set_finding(iid, ITEM, note=f"Spoke with Amara {NAME} about curfew")
    sync_now(sam)
    sam.set_finding(iid, ITEM, note="Spoke with YP-07 about curfew")
    # ...and still current elsewhere, in Jo's words, in another case.
    jo_item = "sa2023.r4.2.b"
    sync_now(jo)
    jo.set_finding(iid, jo_item, note=f"{NAME.lower()} said staff listen")
    for svc in (sam, jo, mo):
        sync_now(svc)
    for db in (hub_db, jo.store.path):
        checkpoint(db)
        assert NAME.encode() in raw_bytes(db), "the test would prove nothing otherwise"
    code, out, _ = run(capsys, "redact", iid[:6], "--find", NAME, "--reason",
                       "a young person's name", "--yes", "--db", str(mo.store.path))
    assert code == 0, out
    assert "Will erase 2 values" in out and out.count("becomes:") == 2
    assert NAME.lower() not in out.split("Will erase")[1].lower()
    for svc in (mo, sam, jo, sam):
        sync_now(svc)
    for svc in (sam, jo, mo):
        assert svc.load(iid).findings  # still loads
        notes = {f.item_id: f.note for f in svc.load(iid).findings}
        assert notes[ITEM] == "Spoke with YP-07 about curfew"
        assert notes[jo_item] == "[redacted] said staff listen"
        history = [e for e in svc.history(iid) if e.field == "note"]
        assert any("Amara [redacted] about" in str(e.value) for e in history)
    # Nothing sent later carries it: a laptop enrolled now receives only the redacted text.
    late = enrolled(make_laptop, hub_db, hub_server, "Ann Late", "manager")
    assert late.load(iid).model_dump() == sam.load(iid).model_dump()
    for db in (hub_db, sam.store.path, jo.store.path, mo.store.path, late.store.path):
        checkpoint(db)
        data = raw_bytes(db)
        assert NAME.encode() not in data and NAME.lower().encode() not in data, db
        assert b"[redacted] said staff listen" in data, db
    code, out, _ = run(capsys, "hub", "audit", "--json", "--inspection", iid,
                       "--db", str(hub_db))
    assert any(r["kind"] == "redaction" for r in json.loads(out))
    assert NAME not in out


def test_only_a_manager_redacts_and_a_redaction_only_erases(hub_db, hub_server,
                                                            make_laptop, capsys):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    mo = enrolled(make_laptop, hub_db, hub_server, "Mo Manager", "manager")
    iid = new_inspection(sam, "Harbour View Lodgings")
    sam.set_finding(iid, ITEM, status="met", note=f"Met {NAME}")
    sync_now(sam)
    sync_now(mo)
    code, _, err = run(capsys, "redact", iid, "--find", NAME, "--reason", "x", "--yes",
                       "--db", str(sam.store.path))
    assert code == 2 and "only a manager" in err
    with pytest.raises(Forbidden):
        sam.redaction.redact(iid, NAME, "x")
    code, _, err = run(capsys, "redact", iid, "--find", NAME, "--reason", "x",
                       "--db", str(mo.store.path))
    assert code == 2 and "--yes" in err, "not a terminal: no silent redaction"
    code, _, err = run(capsys, "redact", iid, "--find", "a", "--reason", "x", "--yes",
                       "--db", str(mo.store.path))
    assert code == 2 and "at least 2 characters" in err
    [status] = [e for e in sam.store.events(iid) if e.field == "status"]
    [note] = [e for e in sam.store.events(iid) if e.field == "note"]

    def push(svc, seq, targets, reason="why"):
        value = {"targets": targets, "by": svc.profile().name, "on": "2026-12-01",
                 "reason": reason}
        dev = svc.store.device
        row = [f"{dev}-{seq}", iid, "redaction", f"{iid}/redaction/r{seq}", "entry",
               json.dumps(value), "[]", svc.profile().name, dev, seq,
               "2026-12-01T10:00:00.000Z"]
        return httpx.post(f"{hub_server.url}/v1/push", json={"rows": [row]},
                          headers={"Authorization": f"Bearer {token_of(svc)}"})
    # An inspector's device may not redact, even its own words.
    seq = sam.store.version_vector()[sam.store.device] + 1
    r = push(sam, seq, {note.id: json.dumps("Met [redacted]")})
    assert r.status_code == 403 and "may not redact" in r.json()["error"]
    # A manager's "redaction" that rewrites a finding is refused.
    seq = mo.store.version_vector().get(mo.store.device, 0) + 1
    r = push(mo, seq, {status.id: json.dumps("not_met")})
    assert r.status_code == 403 and "does more than erase" in r.json()["error"]
    r = push(mo, seq, {note.id: json.dumps("Not met at all [redacted]")})
    assert r.status_code == 403 and "does more than erase" in r.json()["error"]
    r = push(mo, seq, {"nobody-1": json.dumps("[redacted]")})
    assert r.status_code == 403 and "does not hold" in r.json()["error"]
    assert sam.load(iid).findings[0].status == "met"


def test_a_target_arriving_after_its_redaction_is_redacted_on_arrival(make_laptop):
    mo = make_laptop("Mo Manager", "manager")
    other = make_laptop("Sam Okafor")
    iid = new_inspection(other, "Harbour View Lodgings")
    other.set_finding(iid, ITEM, note=f"Met {NAME}")
    events = list(other.store.events(iid))
    note = next(e for e in events if e.field == "note")
    mo.store.merge([e for e in events if e.id != note.id])
    redaction = {"targets": {note.id: json.dumps("Met [redacted]")}, "by": "Mo Manager",
                 "on": "2026-12-01", "reason": "a name"}
    mo.store.record([Edit(iid, "redaction", f"{iid}/redaction/r1", "entry", redaction)],
                    "Mo Manager")
    mo.store.merge([note])
    assert mo.load(iid).findings[0].note == "Met [redacted]"
