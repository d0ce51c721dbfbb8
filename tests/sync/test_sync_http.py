"""The hub over real HTTP on 127.0.0.1: enrolment, tokens, roles, many clients, crashes."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from inspect_tui.store import Edit, EventStore
from inspect_tui.sync import client
from inspect_tui.sync.client import SyncSummary, last_sync, sync_now
from inspect_tui.sync.errors import SyncError
from inspect_tui.sync.hub import Hub

from .sync_helpers import bulk_edits, enrol_code, hub_rows, item, set_token_of, share, token_of


def enrolled(make_laptop, hub_db, server, name, role="inspector"):
    svc = make_laptop(name, role)
    sync_now(svc, hub=server.url, enrol_code=enrol_code(hub_db, name, role))
    return svc


def review_edit(svc, iid: str, action: str, role: str) -> Edit:
    """A review entry written past the service (as a modified client could), saying what
    the device has seen."""
    entry = {"action": action, "by": svc.profile().name, "role": role,
             "at": "2026-11-27T10:00:00.000Z", "comment": "",
             "seen": svc.store.version_vector(), "digest": "0" * 64 if action == "approve" else ""}
    return Edit(iid, "review", f"{iid}/review/{action}", "entry", entry)


def test_two_laptops_and_a_manager_round_trip(hub_db, hub_server, make_laptop, demo_id,
                                              service):
    # ``service`` holds the demo; enrol it as Sam's laptop.
    code = enrol_code(hub_db, "Sam Okafor", "inspector")
    first = sync_now(service, hub=hub_server.url, enrol_code=code)
    assert first.sent == service.store.event_count() and first.received == 0
    assert last_sync(service) == first.at
    # Jo is on the demo's team, so a member: the hub sends it to Jo's laptop.
    jo = enrolled(make_laptop, hub_db, hub_server, "Jo Lindqvist (demo inspector)")
    assert jo.load(demo_id).provider.name == service.load(demo_id).provider.name
    # Both change the same finding offline: a conflict that syncs both ways.
    item = service.load(demo_id).findings[0].item_id
    service.set_finding(demo_id, item, note="Sam's view")
    jo.set_finding(demo_id, item, note="Jo's view")
    sync_now(service)
    summary = sync_now(jo)
    assert summary.received >= 1 and summary.conflicts == 1
    assert "1 open conflict" in summary.line()
    sync_now(service)
    [conflict] = service.conflicts(demo_id)
    assert sorted(e.value for e in conflict.values) == ["Jo's view", "Sam's view"]
    service.resolve_conflict(demo_id, conflict.entity_id, conflict.field, "Both views")
    service.submit(demo_id)
    sync_now(service)
    # The manager approves from their own device; the approval reaches the inspectors.
    boss = enrolled(make_laptop, hub_db, hub_server, "Mo Manager", "manager")
    boss.approve(demo_id, "Clear and well evidenced")
    sync_now(boss)
    for svc in (service, jo):
        sync_now(svc)
        assert svc.load(demo_id).status == "approved"
        assert svc.conflicts(demo_id) == []
    rows = hub_rows(hub_db)
    for svc in (service, jo, boss):
        assert sorted(e.row() for e in svc.store.events()) == rows


def test_several_clients_push_at_once(hub_db, hub_server, make_laptop):
    laptops = [enrolled(make_laptop, hub_db, hub_server, f"Inspector {n}") for n in range(4)]
    for n, svc in enumerate(laptops):
        bulk_edits(svc, 2500, iid=f"insp{n}")
    results: list[SyncSummary | BaseException] = []

    def run(svc):
        try:
            results.append(sync_now(svc))
        except BaseException as exc:  # noqa: BLE001 - reported below
            results.append(exc)

    threads = [threading.Thread(target=run, args=(svc,)) for svc in laptops]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(r, SyncSummary) for r in results), results
    assert sum(r.sent for r in results) == 4 * 2500
    for svc in laptops:
        sync_now(svc)
    rows = hub_rows(hub_db)
    assert len(rows) == 4 * 2500 == len({r[0] for r in rows})
    # Need-to-know: each inspector holds their own inspection only.
    for n, svc in enumerate(laptops):
        assert sorted(e.row() for e in svc.store.events()) == [r for r in rows
                                                               if r[1] == f"insp{n}"]


def test_server_killed_mid_push_and_restarted(hub_db, hub_process, make_laptop):
    hub_server = hub_process  # a real process, killed like a power cut
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    bulk_edits(sam, 20000)
    watcher = EventStore(hub_db)
    killed = threading.Event()

    def kill_when_busy():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if watcher.event_count() >= 4000:
                hub_server.kill()
                killed.set()
                hub_server.start(wait=False)  # comes up while the client backs off
                return
            time.sleep(0.005)

    thread = threading.Thread(target=kill_when_busy)
    thread.start()
    # Retried every quarter second for up to 20 s (the product backs off from 0.2 to 8 s):
    # the same resume, without waiting seconds after the hub is back.
    summary = sync_now(sam, retry_delays=(0.25,) * 80)
    thread.join()
    watcher.close()
    assert killed.is_set()
    assert summary.sent == 20000
    rows = hub_rows(hub_db)
    assert len(rows) == 20000 == len({(r[8], r[9]) for r in rows})
    assert rows == sorted(e.row() for e in sam.store.events())
    # A second laptop (a manager's, who sees every inspection) pulls everything from the
    # restarted hub.
    jo = enrolled(make_laptop, hub_db, hub_server, "Jo Adeyemi", "manager")
    assert jo.store.event_count() == 20000
    jo.store.record([Edit("i1", "finding", f"i1/finding/{item('x1')}", "note", "jo")], "Jo Adeyemi")
    assert sync_now(jo).sent == 1


def test_pull_resumes_after_a_dropped_connection(hub_db, hub_server, make_laptop,
                                                 monkeypatch):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    bulk_edits(sam, 9000)
    sync_now(sam)
    jo = enrolled(make_laptop, hub_db, hub_server, "Jo Adeyemi", "manager")
    assert jo.store.event_count() == 9000
    bulk_edits(sam, 3000, prefix="y")
    sync_now(sam)
    calls = {"n": 0}
    real = client._call

    def flaky(http, method, path, body=None):
        calls["n"] += 1
        if path == "/v1/pull" and calls["n"] % 3 == 0:
            raise client._Transient("connection reset")
        return real(http, method, path, body)

    monkeypatch.setattr(client, "PULL_BATCH", 1000)
    monkeypatch.setattr(client, "_call", flaky)
    summary = sync_now(jo, retry_delays=(0.01,) * 10)
    assert summary.received == 3000
    assert sorted(e.row() for e in jo.store.events()) == hub_rows(hub_db)


def test_bad_tokens_are_refused(hub_db, hub_server, make_laptop):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    for headers in ({}, {"Authorization": "Bearer nonsense"},
                    {"Authorization": "Basic " + token_of(sam)}):
        r = httpx.get(f"{hub_server.url}/v1/vector", headers=headers)
        assert r.status_code == 401
        r = httpx.post(f"{hub_server.url}/v1/push", headers=headers, json={"rows": []})
        assert r.status_code == 401
    good = {"Authorization": f"Bearer {token_of(sam)}"}
    assert httpx.get(f"{hub_server.url}/v1/vector", headers=good).status_code == 200
    token = token_of(sam)
    set_token_of(sam, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    with pytest.raises(SyncError, match="refused this device"):
        sync_now(sam)
    set_token_of(sam, token)
    sync_now(sam)
    # A revoked device is refused from then on.
    h = Hub(hub_db)
    assert h.registry.revoke(sam.store.device)
    h.close()
    with pytest.raises(SyncError, match="unknown, expired or revoked"):
        sync_now(sam)


def test_enrolment_codes_are_one_time(hub_db, hub_server, make_laptop):
    code = enrol_code(hub_db, "Sam Okafor", "inspector")
    sam = make_laptop("Sam Okafor", "manager")
    sync_now(sam, hub=hub_server.url, enrol_code=code)
    assert sam.profile().role == "inspector", "the hub's role wins over the local profile"
    with pytest.raises(SyncError, match="already been used"):
        sync_now(make_laptop("Eve"), hub=hub_server.url, enrol_code=code)
    with pytest.raises(SyncError, match="unknown enrolment code"):
        sync_now(make_laptop("Eve2"), hub=hub_server.url, enrol_code="AAAA-BBBB-CCCC-DDDD")


def test_only_a_manager_device_approves(hub_db, hub_server, make_laptop):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    boss = enrolled(make_laptop, hub_db, hub_server, "Mo Manager", "manager")
    # An inspector's laptop that claims to be a manager locally still cannot approve.
    sam.store.record([Edit("i1", "finding", f"i1/finding/{item('a')}", "note", "fine"),
                      review_edit(sam, "i1", "approve", "manager")], "Sam Okafor")
    boss.store.record([Edit("i9", "finding", f"i9/finding/{item('z')}", "note", "from Mo")],
                      "Mo Manager")
    sync_now(boss)
    share(hub_db, "i9", "Sam Okafor")
    before = len(hub_rows(hub_db))
    with pytest.raises(SyncError, match=r"may not approve.*received 3"):
        sync_now(sam)
    assert len(hub_rows(hub_db)) == before, "Sam's whole batch is refused"
    assert sam.store.fields(f"i9/finding/{item('z')}")["note"] == "from Mo", "Sam still receives"
    # Comments and submissions are an inspector's to make; returns are not.
    carol = enrolled(make_laptop, hub_db, hub_server, "Carol")
    carol.store.record([review_edit(carol, "i2", "submit", "inspector")], "Carol")
    assert sync_now(carol).sent == 1
    carol.store.record([review_edit(carol, "i2", "return", "inspector")], "Carol")
    with pytest.raises(SyncError, match=r"may not return"):
        sync_now(carol)
    sync_now(boss)
    boss.store.record([review_edit(boss, "i2", "approve", "manager")], "Mo Manager")
    assert sync_now(boss).sent == 1
    # Pushing events that claim another device's id is refused too.
    token = {"Authorization": f"Bearer {token_of(boss)}"}
    row = list(next(e for e in sam.store.events() if e.device == sam.store.device).row())
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token, json={"rows": [row]})
    assert r.status_code == 403 and "other devices" in r.json()["error"]
    row[0] = f"{boss.store.device}-99"
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token, json={"rows": [row]})
    assert r.status_code == 403 and "does not match" in r.json()["error"]


def test_pulls_in_causal_order_show_no_passing_conflicts(hub_db, hub_server, make_laptop,
                                                        monkeypatch):
    """Batch by batch, a pulling laptop never sees a conflict a later batch would resolve."""
    people = [enrolled(make_laptop, hub_db, hub_server, name, "manager") for name in "ABC"]
    field = ("i1", "finding", f"i1/finding/{item('x')}", "note")
    for round_ in range(2):
        for n, svc in enumerate(people):
            sync_now(svc)
            svc.store.record([Edit(*field, f"{round_}-{n}")], svc.profile().name)
            sync_now(svc)
    late = make_laptop("D")
    monkeypatch.setattr(client, "PULL_BATCH", 1)
    monkeypatch.setattr(client, "MERGE_ROWS", 1)  # each batch merged on its own
    seen: list[int] = []

    def check(phase, done, total):
        if phase == "receive":
            store = EventStore(late.store.path)
            try:
                seen.append(len(store.conflicts("i1")))
            finally:
                store.close()

    sync_now(late, check, hub=hub_server.url, enrol_code=enrol_code(hub_db, "D", "manager"))
    assert late.store.event_count() == 6 and len(seen) >= 6
    assert set(seen) == {0}
    assert late.store.state("i1")[0].value == "1-2"


def test_malformed_events_are_refused(hub_db, hub_server, make_laptop):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    token = {"Authorization": f"Bearer {token_of(sam)}"}
    device = sam.store.device
    good = [f"{device}-1", "i1", "finding", f"i1/finding/{item('x')}", "note", '"ok"', "[]",
            "Sam Okafor", device, 1, "2026-11-27T10:00:00.000Z"]
    for bad, status in (({5: "not json"}, 422), ({6: '{"a": 1}'}, 422), ({6: "[1]"}, 422),
                        ({9: "1"}, 422), ({2: None}, 422)):
        row = list(good)
        for index, value in bad.items():
            row[index] = value
        r = httpx.post(f"{hub_server.url}/v1/push", headers=token, json={"rows": [row]})
        assert r.status_code == status, (bad, r.text)
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token, json={"rows": "x"})
    assert r.status_code == 422
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token, content=b"{not json")
    assert r.status_code == 400
    assert len(hub_rows(hub_db)) == 0
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token, json={"rows": [good]})
    assert r.status_code == 200 and r.json() == {"new": 1, "have": 1}


def test_an_unreachable_hub_fails_at_once_and_keeps_the_work(hub_db, hub_server, make_laptop):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    bulk_edits(sam, 10)
    hub_server.stop()
    start = time.monotonic()
    with pytest.raises(SyncError, match="cannot reach the hub.*sync export"):
        sync_now(sam)
    assert time.monotonic() - start < 5
    assert sam.store.event_count() == 10
    hub_server.start()
    assert sync_now(sam).sent == 10


def test_an_address_that_is_not_a_hub_is_named(make_laptop):
    import http.server

    class NotAHub(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the stdlib's naming
            self.send_response(404)
            self.end_headers()
            self.wfile.write(b"<html>not here</html>")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), NotAHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(SyncError, match="did not answer as an inspect-tui hub"):
            sync_now(make_laptop("Sam"), hub=f"http://127.0.0.1:{server.server_port}",
                     enrol_code="AAAA-BBBB-CCCC-DDDD")
    finally:
        server.shutdown()


def test_a_manager_working_on_the_hub_copy(hub_db, hub_server, make_laptop, catalogue):
    """Edits made on the hub's own database reach laptops and, once sent, never fold."""
    from inspect_tui.service import Service

    on_hub = Service(hub_db, catalogue)
    try:
        on_hub.set_profile("Mo Manager", "manager")
        note = ("i1", "finding", f"i1/finding/{item('x')}", "note")
        on_hub.store.record([Edit(*note, "dra")], "Mo Manager", fold=True)
        sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor", "manager")
        assert sam.store.state("i1")[0].value == "dra"
        on_hub.store.record([Edit(*note, "draft")], "Mo Manager", fold=True)
        assert on_hub.store.event_count() == 2, "the first was sent, so it is not folded"
        sync_now(sam)
        assert sorted(e.row() for e in sam.store.events()) == hub_rows(hub_db)
        assert sam.store.state("i1")[0].value == "draft"
    finally:
        on_hub.close()


def test_a_database_restored_from_backup_is_stopped(hub_db, hub_server, make_laptop,
                                                    tmp_path):
    import shutil

    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    sam.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # A whole backup: the database and its secrets file (a copy of the database alone
    # cannot sync at all: test_secrets.py).
    shutil.copy(sam.store.path, tmp_path / "backup.db")
    shutil.copy(str(sam.store.path) + ".secrets", tmp_path / "backup.db.secrets")
    bulk_edits(sam, 5)
    sync_now(sam)
    restored = EventStore(tmp_path / "backup.db")
    restored.record([Edit("i1", "finding", f"i1/finding/{item('q')}", "note", "after restore")],
                    "Sam Okafor")
    with pytest.raises(SyncError, match="restored from a backup"):
        sync_now(restored)
    restored.close()
    assert len(hub_rows(hub_db)) == 5


def test_enrolling_with_another_hub_resends_everything(hub_db, hub_server, make_laptop,
                                                      tmp_path):
    from .conftest import HubThread

    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    bulk_edits(sam, 7)
    sync_now(sam)
    assert client.export_bundle(sam, tmp_path / "a.bundle") == 0, "hub A has it all"
    other_db = tmp_path / "other" / "hub.db"
    Hub.init(other_db).close()
    other = HubThread(other_db).start()
    try:
        client.enrol(sam, other.url, enrol_code(other_db, "Sam Okafor", "inspector"))
        # Hub B has acknowledged nothing yet: a bundle for it holds every event.
        assert client.export_bundle(sam, tmp_path / "b.bundle") == 7
        assert sync_now(sam).sent == 7
    finally:
        other.stop()


def test_a_long_pull_keeps_only_what_it_has_not_merged(hub_db, hub_server, make_laptop,
                                                        monkeypatch):
    """A pull merges as it goes; the validator forgets each event once merged (the store
    answers for it), so a fresh laptop pulling millions does not keep them all. Events
    that replace ones merged several transactions earlier are still judged and taken."""
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    bulk_edits(sam, 3000)  # 50 notes edited 60 times: each edit replaces the one before
    sync_now(sam)
    monkeypatch.setattr(client, "PULL_BATCH", 200)
    monkeypatch.setattr(client, "MERGE_ROWS", 400)  # 8 merges, each of 2 pages
    receivers = []

    class Watched(client.Receiver):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            receivers.append(self)

    monkeypatch.setattr(client, "Receiver", Watched)
    jo = enrolled(make_laptop, hub_db, hub_server, "Jo Adeyemi", "manager")
    assert jo.store.event_count() == 3000 and jo.store.quarantine_count() == 0
    assert [r.quarantined for r in receivers] == [0]
    assert receivers[0].validator.batch.in_batch == {}
    # Each note is its last edit, with no conflict: every replacement found its target.
    state = jo.store.state("i1")
    assert {v.value for v in state} == {f"note {k}" for k in range(2950, 3000)}
    assert not any(v.conflict for v in state)
