"""The hub's audit trail: bundles in and out are recorded, and a reordering is caught.

Through the command line a hub's operator uses (`sync import` and `sync export --for` on
the hub's database, `hub audit verify`), on real database and bundle files.
"""

from __future__ import annotations

import json
import sqlite3

from inspect_tui.store import EventStore
from inspect_tui.sync.hub import Hub

from .privacy_helpers import run
from .sync_helpers import enrol_offline
from .test_sync_bundle import edits


def _hub_with_a_bundle_each_way(tmp_path, capsys):
    hub_db = tmp_path / "hub.db"
    hub = Hub.init(hub_db)
    sam, jo = EventStore(tmp_path / "sam.db"), EventStore(tmp_path / "jo.db")
    enrol_offline(sam, hub, "Sam Okafor")
    enrol_offline(jo, hub, "Jo Adeyemi", "manager")
    devices = sam.device, jo.device
    edits(sam, 12)
    sam.close(), jo.close(), hub.close()
    code, _, err = run(capsys, "sync", "export", "-o", str(tmp_path / "sam.bundle"),
                       "--db", str(tmp_path / "sam.db"))
    assert code == 0, err
    code, _, err = run(capsys, "sync", "import", str(tmp_path / "sam.bundle"),
                       "--db", str(hub_db))
    assert code == 0, err
    code, _, err = run(capsys, "sync", "export", "--for", devices[1], "-o",
                       str(tmp_path / "jo.bundle"), "--db", str(hub_db))
    assert code == 0, err
    return hub_db, devices


def test_bundles_in_and_out_are_in_the_audit_trail(tmp_path, capsys):
    hub_db, (sam, jo) = _hub_with_a_bundle_each_way(tmp_path, capsys)
    code, out, _ = run(capsys, "hub", "audit", "--json", "--db", str(hub_db))
    assert code == 0
    records = json.loads(out)
    [bundle_in] = [r for r in records if r["kind"] == "bundle-in"]
    [bundle_out] = [r for r in records if r["kind"] == "bundle-out"]
    assert bundle_in["device"] == sam and bundle_in["inspections"] == ["i1"]
    assert bundle_out["device"] == jo and bundle_out["inspections"] == ["i1"]
    assert "v3" not in out, "no text from the record is in the trail"
    code, out, _ = run(capsys, "hub", "audit", "verify", "--db", str(hub_db))
    assert code == 0 and f"{len(records)} records" in out


def test_verify_names_the_first_of_two_records_swapped(tmp_path, capsys):
    hub_db, _ = _hub_with_a_bundle_each_way(tmp_path, capsys)
    conn = sqlite3.connect(hub_db)
    count = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    assert count >= 5
    # Two records change places, each kept whole (its own hashes with it): no record is
    # edited and none is missing, only the order differs.
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET seq = -1 WHERE seq = 3")
    conn.execute("UPDATE audit SET seq = 3 WHERE seq = 4")
    conn.execute("UPDATE audit SET seq = 4 WHERE seq = -1")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "hub", "audit", "verify", "--db", str(hub_db))
    assert code == 1
    assert "record 3" in err and "reordered" in err
    assert len(err.strip().splitlines()) == 1

