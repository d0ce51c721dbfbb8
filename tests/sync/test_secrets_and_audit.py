"""Secrets off the database, token expiry and renewal, and the hub's audit trail."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat

import httpx
import pytest

from inspect_tui import cli
from inspect_tui.store import Edit, EventStore, meta
from inspect_tui.sync import secrets
from inspect_tui.sync.client import sync_now
from inspect_tui.sync.errors import SyncError

from .privacy_helpers import checkpoint, enrolled, new_inspection, raw_bytes, run
from .sync_helpers import token_of


def test_a_copy_of_the_database_alone_cannot_reach_the_hub(hub_db, hub_server, make_laptop,
                                                            tmp_path):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    token = token_of(sam)
    keys = secrets.for_store(sam.store).get(secrets.KEYS) or ""
    side = secrets.secrets_file(sam.store.path)
    assert stat.S_IMODE(side.stat().st_mode) == 0o600
    checkpoint(sam.store.path)
    stolen = tmp_path / "stolen" / "inspect.db"
    stolen.parent.mkdir()
    shutil.copy(sam.store.path, stolen)
    data = raw_bytes(stolen)
    assert token.encode() not in data
    assert json.loads(keys)["sign"].encode() not in data
    copy = EventStore(stolen)
    try:
        with pytest.raises(SyncError, match="a copied database cannot sync"):
            sync_now(copy)
    finally:
        copy.close()


def test_secrets_left_in_meta_by_an_older_version_move_out(tmp_path):
    store = EventStore(tmp_path / "old.db")
    try:
        store.set_meta(meta.SYNC_TOKEN, "old-token-0123456789abcdef")
        store.set_meta(meta.SYNC_KEYS, '{"sign": "c2lnbmluZy1zZWNyZXQtYnl0ZXM=", "box": "x"}')
        found = secrets.for_store(store)
        assert found.get(secrets.TOKEN) == "old-token-0123456789abcdef"
        assert store.get_meta(meta.SYNC_TOKEN) is None
        assert store.get_meta(meta.SYNC_KEYS) is None
    finally:
        store.close()
    data = raw_bytes(tmp_path / "old.db")
    assert b"old-token-0123456789abcdef" not in data
    assert b"c2lnbmluZy1zZWNyZXQtYnl0ZXM" not in data


def test_tokens_are_renewed_by_a_sync_and_expire(hub_db, hub_server, make_laptop):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    first = token_of(sam)
    sync_now(sam)
    second = token_of(sam)
    assert second != first

    def status(token):
        return httpx.get(f"{hub_server.url}/v1/vector",
                         headers={"Authorization": f"Bearer {token}"}).status_code
    # Until the renewed token is first used, the one before it still works.
    assert status(first) == 200
    assert status(second) == 200
    assert status(first) == 401
    conn = sqlite3.connect(hub_db)
    conn.execute("UPDATE sync_devices SET token_expires = '2000-01-01T00:00:00.000Z'")
    conn.commit()
    conn.close()
    with pytest.raises(SyncError, match="refused this device.*expired"):
        sync_now(sam)


def test_the_audit_trail_records_and_verifies(hub_db, hub_server, make_laptop, capsys):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    mo = enrolled(make_laptop, hub_db, hub_server, "Mo Manager", "manager")
    iid = new_inspection(sam, "Harbour View Lodgings")
    sam.add(iid, "young_person", case_code="YP-CHILD-07", age=16, sex="female")
    sync_now(sam)
    sync_now(mo)
    httpx.get(f"{hub_server.url}/v1/vector", headers={"Authorization": "Bearer stolen"})
    code, out, _ = run(capsys, "hub", "audit", "--json", "--db", str(hub_db))
    records = json.loads(out)
    kinds = [r["kind"] for r in records]
    for kind in ("enrol-code", "enrolled", "push", "pull", "auth-failed", "token-renewed"):
        assert kind in kinds
    [push] = [r for r in records if r["kind"] == "push" and r["inspections"]]
    assert push["device"] == sam.store.device and push["inspections"] == [iid]
    pulls = [r for r in records if r["kind"] == "pull" and r["device"] == mo.store.device]
    assert pulls and pulls[0]["inspections"] == [iid]
    assert "YP-CHILD-07" not in out and "Harbour View" not in out
    code, out, _ = run(capsys, "hub", "audit", "--device", mo.store.device, "--inspection",
                       iid, "--since", "2020-01-01", "--db", str(hub_db))
    assert code == 0 and "pull" in out and "push" not in out
    code, out, _ = run(capsys, "hub", "audit", "verify", "--db", str(hub_db))
    assert code == 0 and f"{len(records)} records" in out
    # The table refuses edits; a rewrite by other means breaks the chain, and verify
    # names the first record touched.
    conn = sqlite3.connect(hub_db)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit SET device = 'x' WHERE seq = 3")
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("UPDATE audit SET detail = '{\"events\": 1}' WHERE seq = 5")
    conn.commit()
    code, _, err = run(capsys, "hub", "audit", "verify", "--db", str(hub_db))
    assert code == 1 and "record 5" in err and "edited" in err
    conn.execute("DELETE FROM audit WHERE seq IN (4, 5)")
    conn.commit()
    code, _, err = run(capsys, "hub", "audit", "verify", "--db", str(hub_db))
    assert code == 1 and "record 4 is missing" in err
    conn.close()


def test_audit_since_must_be_a_date(hub_db, capsys):
    code, _, err = run(capsys, "hub", "audit", "--since", "yesterday", "--db", str(hub_db))
    assert code == 2 and "YYYY-MM-DD" in err


def test_hub_revoke_cuts_a_device_off_at_once(hub_db, hub_server, make_laptop, capsys):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    first = token_of(sam)
    sync_now(sam)  # renews: the token before stays good until the new one is first used
    second = token_of(sam)

    def status(token):
        return httpx.get(f"{hub_server.url}/v1/vector",
                         headers={"Authorization": f"Bearer {token}"}).status_code
    # While the hub serves, `hub revoke` (another process's write to its database)...
    code, out, _ = run(capsys, "hub", "revoke", sam.store.device, "--db", str(hub_db))
    assert code == 0
    # ...refuses both tokens from the next request on, and the next sync says why.
    assert status(second) == 401 and status(first) == 401
    with pytest.raises(SyncError, match="unknown, expired or revoked"):
        sync_now(sam)
    code, out, _ = run(capsys, "hub", "audit", "--json", "--device", sam.store.device,
                       "--db", str(hub_db))
    records = json.loads(out)
    kinds = [r["kind"] for r in records]
    assert "revoked" in kinds and kinds[-1] == "auth-failed", kinds
    assert records[-1]["detail"]["reason"] == "revoked device", records[-1]


def _unlocked(hub_db):
    conn = sqlite3.connect(hub_db)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.commit()
    return conn


def test_audit_verify_names_the_first_of_two_records_swapped(hub_db, hub_server, make_laptop,
                                                             capsys):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    new_inspection(sam, "Harbour View Lodgings")
    sync_now(sam)
    sync_now(sam)
    code, out, _ = run(capsys, "hub", "audit", "verify", "--db", str(hub_db))
    assert code == 0
    conn = _unlocked(hub_db)
    [count] = conn.execute("SELECT count(*) FROM audit").fetchone()
    assert count >= 5
    # Swap the places of records 3 and 4, each kept whole (its own hash and link): the
    # file now holds 1, 2, 4, 3, 5, ...
    conn.execute("UPDATE audit SET seq = -3 WHERE seq = 3")
    conn.execute("UPDATE audit SET seq = 3 WHERE seq = 4")
    conn.execute("UPDATE audit SET seq = 4 WHERE seq = -3")
    conn.commit()
    code, _, err = run(capsys, "hub", "audit", "verify", "--db", str(hub_db))
    assert code == 1 and "record 3" in err and "out of order" in err, err
    assert "2 records before it check out" in err
    # The same swap where each record also keeps its own number: the file holds rows in
    # the order 1, 2, 4, 3 by rowid (rebuilt table, numbers not renumbered).
    conn.execute("UPDATE audit SET seq = -3 WHERE seq = 3")
    conn.execute("UPDATE audit SET seq = 3 WHERE seq = 4")
    conn.execute("UPDATE audit SET seq = 4 WHERE seq = -3")
    conn.commit()
    code, _, _ = run(capsys, "hub", "audit", "verify", "--db", str(hub_db))
    assert code == 0  # put back, the chain checks out again
    conn.close()


def test_every_bundle_in_and_out_at_the_hub_is_audited(hub_db, hub_server, tmp_path, capsys):
    from .sync_helpers import enrol_code, item

    laptop = tmp_path / "a.db"
    assert cli.main(["demo", "--db", str(laptop)]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, "sync", "--hub", hub_server.url, "--enrol",
                       enrol_code(hub_db, "Sam", "inspector"), "--db", str(laptop))
    assert code == 0, err
    store = EventStore(laptop)
    device = store.device
    store.record([Edit("i1", "finding", f"i1/finding/{item('b')}", "note", "by bundle")], "Sam")
    store.close()

    def audited(kind):
        code, out, _ = run(capsys, "hub", "audit", "--json", "--db", str(hub_db))
        assert code == 0
        return [r for r in json.loads(out) if r["kind"] == kind]

    assert audited("bundle-in") == [] and audited("bundle-out") == []
    bundle = tmp_path / "sam.bundle"
    assert run(capsys, "sync", "export", "-o", str(bundle), "--db", str(laptop))[0] == 0
    code, out, err = run(capsys, "sync", "import", str(bundle), "--db", str(hub_db))
    assert code == 0 and "1 event, 1 new" in out, err
    [bundle_in] = audited("bundle-in")
    assert bundle_in["device"] == device and bundle_in["inspections"] == ["i1"]
    assert bundle_in["detail"]["events"] == 1 and bundle_in["detail"]["new"] == 1
    # The same bundle again is still a bundle in, with nothing new.
    assert run(capsys, "sync", "import", str(bundle), "--db", str(hub_db))[0] == 0
    assert [r["detail"]["new"] for r in audited("bundle-in")] == [1, 0]
    out_file = tmp_path / "for-sam.bundle"
    code, out, _ = run(capsys, "sync", "export", "--for", "Sam", "--all", "-o", str(out_file),
                       "--db", str(hub_db))
    assert code == 0
    written = int(out.split()[1])
    [bundle_out] = audited("bundle-out")
    assert bundle_out["device"] == device and bundle_out["detail"]["events"] == written > 0
    assert "i1" in bundle_out["inspections"]
    assert "by bundle" not in json.dumps(audited("bundle-in") + audited("bundle-out"))
    code, _, _ = run(capsys, "hub", "audit", "verify", "--db", str(hub_db))
    assert code == 0
    # A bundle refused whole is audited too: here the hub's own, brought back to it.
    code, _, err = run(capsys, "sync", "import", str(out_file), "--db", str(hub_db))
    assert code == 2 and "different key" in err
    [refused] = audited("bundle-refused")
    assert "different key" in refused["detail"]["reason"]
    code, _, _ = run(capsys, "hub", "audit", "verify", "--db", str(hub_db))
    assert code == 0
