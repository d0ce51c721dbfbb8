"""The hub guards the record, over real HTTP on 127.0.0.1: every attack the hub accepted
before (an enrolled inspector device writing past its own service) is refused whole with a
one-line 4xx naming the event, and honest offline work after an approval makes the
inspection "changed since approval" rather than FINAL with text no manager saw."""

from __future__ import annotations

import json

import httpx
import pytest
from pypdf import PdfReader

from inspect_tui import cli
from inspect_tui.store import Edit
from inspect_tui.sync.client import sync_now
from inspect_tui.sync.errors import SyncError

from .guard_helpers import AT, poison_rows, poisons, row
from .sync_helpers import enrol_code, hub_rows, token_of


def enrol(svc, hub_db, server, name, role="inspector"):
    sync_now(svc, hub=server.url, enrol_code=enrol_code(hub_db, name, role))
    return svc


def token(svc) -> dict[str, str]:
    """The device's current token (a sync renews it), from where the laptop keeps it."""
    return {"Authorization": f"Bearer {token_of(svc)}"}


def next_seq(svc) -> int:
    return svc.store.version_vector().get(svc.store.device, 0) + 1


def entry(svc, action: str, *, role: str = "inspector", at: str = AT, seen=None,
          digest: str = "", comment: str = "") -> dict:
    """A review entry as a modified client would write it."""
    return {"action": action, "by": svc.profile().name, "role": role, "at": at,
            "comment": comment, "digest": digest,
            "seen": svc.store.version_vector() if seen is None else seen}


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def world(hub_db, hub_server, make_laptop, service, demo_id):
    """Sam's laptop holds the demo; Max manages; Jo is on the team. All enrolled."""
    team = service.load(demo_id).team
    service.update_inspection(demo_id, team=[*team, "Jo Adeyemi"])  # need-to-know
    sam = enrol(service, hub_db, hub_server, "Sam Okafor")
    max_ = enrol(make_laptop("Max Manager", "manager"), hub_db, hub_server, "Max Manager",
                 "manager")
    jo = enrol(make_laptop("Jo Adeyemi"), hub_db, hub_server, "Jo Adeyemi")
    return sam, max_, jo, demo_id


def approve_round(sam, max_, iid):
    sam.submit(iid)
    sync_now(sam)
    sync_now(max_)
    max_.approve(iid)
    sync_now(max_)
    sync_now(sam)


# --- poison ---------------------------------------------------------------------------------

def test_each_poison_is_refused_whole_naming_the_event(world, hub_db, hub_server):
    sam, max_, _jo, iid = world
    approve_round(sam, max_, iid)
    approval = next((f.event_id, f.entity_id) for f in sam.store.entity_values(iid, "review")
                    if f.value["action"] == "approve")
    item = sam.load(iid).findings[0].item_id
    before = hub_rows(hub_db)
    for name, kind in poisons(iid, item, approval).items():
        seq = next_seq(sam)
        good = row(sam.store.device, seq, iid, "inspection", iid, "archived", True,
                   "Sam Okafor")
        bad = poison_rows(kind, sam.store.device, seq + 1, iid, "Sam Okafor")
        r = httpx.post(f"{hub_server.url}/v1/push", headers=token(sam),
                       json={"rows": [good, bad]})
        assert r.status_code in (403, 422), (name, r.text)
        message = r.json()["error"]
        assert bad[0] in message and "\n" not in message, (name, message)
    assert hub_rows(hub_db) == before, "nothing of any refused batch was applied"


# --- the review workflow ---------------------------------------------------------------------

def test_an_edit_of_an_approved_inspection_without_a_reopen_is_refused(world, hub_db,
                                                                       tmp_path):
    sam, max_, _jo, iid = world
    approve_round(sam, max_, iid)
    item = sam.load(iid).findings[0].item_id
    eid = f"{iid}/finding/{item}"
    # Past the service, which would refuse it: the store writes what it is given.
    sam.store.record([Edit(iid, "finding", eid, "note", "Changed after approval")],
                     "Sam Okafor")
    with pytest.raises(SyncError, match="needs a reopen first"):
        sync_now(sam)
    sync_now(max_)
    assert max_.load(iid).finding(item).note != "Changed after approval"
    assert max_.load(iid).status == "approved"
    out = tmp_path / "max.pdf"
    assert cli.main(["report", iid, "-o", str(out), "--db", str(max_.store.path)]) == 0
    assert "copy · FINAL" in pdf_text(out)


def test_the_submitter_cannot_edit_a_submitted_inspection_past_its_service(world):
    sam, _max, _jo, iid = world
    sam.submit(iid)
    sam.store.record([Edit(iid, "inspection", iid, "lead_inspector", "Someone Else")],
                     "Sam Okafor")
    with pytest.raises(SyncError, match="was submitted as this device knew it"):
        sync_now(sam)


def test_review_entries_are_append_only(world, hub_server):
    sam, max_, _jo, iid = world
    sam.submit(iid)
    sync_now(sam)
    sync_now(max_)
    max_.return_for_changes(iid, "Evidence for reg 5 is thin")
    sync_now(max_)
    sync_now(sam)
    ret = next(f for f in sam.store.entity_values(iid, "review")
               if f.value["action"] == "return")
    # The manager's return overwritten by a comment: its text would be gone.
    seq = next_seq(sam)
    overwrite = row(sam.store.device, seq, iid, "review", ret.entity_id, "entry",
                    entry(sam, "comment"), "Sam Okafor", (ret.event_id,))
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token(sam), json={"rows": [overwrite]})
    assert r.status_code == 422 and "append-only" in r.json()["error"]
    # A reopen written, then rewritten as a comment.
    sam.reopen(iid) if sam.load(iid).status != "returned" else None
    sam.submit(iid)
    sam.reopen(iid, "one more note")
    sync_now(sam)
    reopen = next(f for f in sam.store.entity_values(iid, "review")
                  if f.value["action"] == "reopen")
    seq = next_seq(sam)
    rewrite = row(sam.store.device, seq, iid, "review", reopen.entity_id, "entry",
                  entry(sam, "comment"), "Sam Okafor", (reopen.event_id,))
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token(sam), json={"rows": [rewrite]})
    assert r.status_code == 422 and "append-only" in r.json()["error"]
    # The same entry id written a second time, replacing nothing.
    again = row(sam.store.device, seq, iid, "review", reopen.entity_id, "entry",
                entry(sam, "comment"), "Sam Okafor")
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token(sam), json={"rows": [again]})
    assert r.status_code == 422 and "already written" in r.json()["error"]


def test_a_reopen_dated_2099_pins_nothing(world, hub_server):
    sam, max_, jo, iid = world
    sam.submit(iid)
    reopen = entry(sam, "reopen", at="2099-01-01T00:00:00.000Z")
    sam.store.record([Edit(iid, "review", f"{iid}/review/future", "entry", reopen)],
                     "Sam Okafor")
    sync_now(sam)
    assert sam.load(iid).status == "draft"
    sam.submit(iid)
    sync_now(sam)
    sync_now(max_)
    max_.approve(iid)
    sync_now(max_)
    for laptop in (sam, max_, jo):
        sync_now(laptop)
        assert laptop.load(iid).status == "approved", "the wall clock orders nothing"
    # No entry may say it follows what has not been written yet, nor leave out what it saw.
    for seen, why in (({max_.store.device: 10**9}, "not held here"), (None, "had seen")):
        bad = entry(sam, "comment")
        bad["action"] = "submit"
        if seen is None:
            del bad["seen"]
        else:
            bad["seen"] = seen
        rows = [row(sam.store.device, next_seq(sam), iid, "review", f"{iid}/review/f2",
                    "entry", bad, "Sam Okafor")]
        r = httpx.post(f"{hub_server.url}/v1/push", headers=token(sam), json={"rows": rows})
        assert r.status_code == 422 and why in r.json()["error"], r.text


def test_only_a_manager_approves_and_only_what_is_submitted(world, hub_server):
    sam, max_, _jo, iid = world
    digest = "0" * 64
    # An approve-shaped value in a review field other than ``entry``.
    rows = [row(sam.store.device, next_seq(sam), iid, "review", f"{iid}/review/a1", "note",
                entry(sam, "approve", role="manager", digest=digest), "Sam Okafor")]
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token(sam), json={"rows": rows})
    assert r.status_code == 422 and "no field 'note'" in r.json()["error"]
    # A manager's approval of a draft nobody submitted.
    rows = [row(max_.store.device, next_seq(max_), iid, "review", f"{iid}/review/a2",
                "entry", entry(max_, "approve", role="manager", digest=digest),
                "Max Manager")]
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token(max_), json={"rows": rows})
    assert r.status_code == 422 and "not submitted" in r.json()["error"]


# --- identity --------------------------------------------------------------------------------

def test_authorship_is_the_enrolled_user(world, hub_server, hub_db):
    sam, _max, _jo, iid = world
    rows = [row(sam.store.device, next_seq(sam), iid, "inspection", iid, "archived", True,
                "Max Manager")]
    r = httpx.post(f"{hub_server.url}/v1/push", headers=token(sam), json={"rows": rows})
    assert r.status_code == 403 and "enrolled for 'Sam Okafor'" in r.json()["error"]


def test_no_device_enrols_under_the_hubs_own_id(hub_db, hub_server):
    hub_id = httpx.get(f"{hub_server.url}/v1/health").json()["hub"]
    from inspect_tui.sync.keys import KeyPair

    keys = KeyPair.generate()
    r = httpx.post(f"{hub_server.url}/v1/enrol", json={
        "code": enrol_code(hub_db, "Eve", "manager"), "device": hub_id,
        "sign_key": keys.sign_public, "box_key": keys.box_public})
    assert r.status_code == 403 and "hub's own" in r.json()["error"]


# --- the approval race, in both orders --------------------------------------------------------

def _changed_everywhere(laptops, iid, tmp_path):
    for laptop in laptops:
        sync_now(laptop)
        doc = laptop.load(iid)
        assert doc.status == "approved"
        summary = next(s for s in laptop.summaries() if s.id == iid)
        assert summary.status == "changed_since_approval"
        assert any(p.kind == "changed_since_approval" for p in laptop.check(doc))
        out = tmp_path / f"{laptop.store.device}.pdf"
        assert cli.main(["report", iid, "-o", str(out), "--db", str(laptop.store.path)]) == 0
        text = pdf_text(out)
        assert "copy · DRAFT" in text and "copy · FINAL" not in text
        assert "changed since that approval" in " ".join(text.split())


def test_an_offline_edit_synced_after_the_approval(world, tmp_path):
    sam, max_, jo, iid = world
    sync_now(jo)  # Jo holds the draft, then works offline
    item = jo.load(iid).findings[0].item_id
    jo.set_finding(iid, item, note="Seen on the second visit")
    approve_round(sam, max_, iid)  # the approval reaches the hub first
    _changed_everywhere([jo, sam, max_], iid, tmp_path)
    # A manager approves the state as it is now: FINAL again.
    max_.approve(iid)
    sync_now(max_)
    for laptop in (jo, sam, max_):
        sync_now(laptop)
        assert next(s for s in laptop.summaries() if s.id == iid).status == "approved"


def test_an_offline_edit_synced_before_the_approval(world, tmp_path):
    sam, max_, jo, iid = world
    sync_now(jo)
    item = jo.load(iid).findings[0].item_id
    jo.set_finding(iid, item, note="Seen on the second visit")
    sam.submit(iid)
    sync_now(sam)
    sync_now(max_)  # Max reads the submission without Jo's edit...
    sync_now(jo)  # ...which reaches the hub before the approval does
    max_.approve(iid)
    sync_now(max_)
    _changed_everywhere([max_, jo, sam], iid, tmp_path)
    assert max_.load(iid).finding(item).note == "Seen on the second visit"


def test_a_reopen_racing_an_approval_leaves_a_draft(world):
    sam, max_, _jo, iid = world
    sam.submit(iid)
    sync_now(sam)
    sync_now(max_)
    sam.reopen(iid, "one more finding")  # offline, while Max approves
    max_.approve(iid)
    sync_now(max_)
    sync_now(sam)
    sync_now(max_)
    for laptop in (sam, max_):
        assert laptop.load(iid).status == "draft", "an approval never wins a race it missed"
    sam.set_finding(iid, sam.load(iid).findings[0].item_id, note="The finding")
    assert sync_now(sam).sent >= 1


# --- the edge ------------------------------------------------------------------------------

def test_malformed_requests_get_a_4xx_never_a_500(world, hub_server):
    sam, *_ = world
    url, auth = hub_server.url, token(sam)
    deep = "[" * 100_000 + "]" * 100_000
    cases = [
        ("POST", "/v1/push", auth, '{"rows": ' + deep + "}"),
        ("POST", "/v1/pull", auth, '{"vector": {"a": ' + str(2**64) + "}}"),
        ("POST", "/v1/pull", auth, '{"vector": {}, "limit": "abc"}'),
        ("POST", "/v1/pull", auth, '{"vector": {}, "limit": 1e999}'),
        ("POST", "/v1/pull", auth, '{"vector": {}, "limit": []}'),
        ("POST", "/v1/pull", auth, '{"vector": []}'),
        ("POST", "/v1/pull", auth, "[]"),
        ("POST", "/v1/enrol", {}, deep),
        ("POST", "/v1/enrol", {}, '{"code": 1e999}'),
        ("POST", "/v1/enrol", {}, '{"code": "x", "device": "a", "sign_key": "b", '
                                  '"box_key": "c", "extra": 1}'),
        ("POST", "/v1/push", auth, json.dumps({"rows": [[f"{sam.store.device}-{2**64}", "i",
                                                          "inspection", "i", "archived",
                                                          "true", "[]", "Sam Okafor",
                                                          sam.store.device, 2**64, AT]]})),
    ]
    for method, path, headers, body in cases:
        r = httpx.request(method, url + path, headers={**headers, "content-type":
                                                       "application/json"}, content=body)
        assert 400 <= r.status_code < 500, (path, body[:60], r.status_code, r.text[:200])
        assert "error" in r.json()


def test_a_large_unauthenticated_body_is_cut_off(hub_process):
    hub_server = hub_process

    def rss() -> int:
        status = open(f"/proc/{hub_server.proc.pid}/status").read()
        return int(next(line.split()[1] for line in status.splitlines()
                        if line.startswith("VmRSS:")))

    before = rss()
    body = b'{"code": "' + b"A" * (30 * 1024 * 1024) + b'"}'
    try:
        r = httpx.post(f"{hub_server.url}/v1/enrol", content=body,
                       headers={"content-type": "application/json"}, timeout=30)
        assert r.status_code == 413
    except httpx.TransportError:
        pass  # the hub may close the connection as soon as it has answered
    assert rss() - before < 20 * 1024, "the hub did not keep the body"
    assert httpx.get(f"{hub_server.url}/v1/health").status_code == 200


def test_a_dropped_client_is_one_log_line(hub_db):
    import socket
    import time

    from .conftest import HubProcess

    server = HubProcess(hub_db)
    server.start()
    try:
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(b"POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                         b"\r\nContent-Length: 1000\r\n\r\n{\"code\": ")
            time.sleep(0.3)  # the hub is reading the body when the client hangs up
        deadline = time.monotonic() + 10
        while "access_log: dropped" not in server.log() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert httpx.get(f"{server.url}/v1/health").status_code == 200
    finally:
        server.stop()
    log = server.log()
    assert "Traceback" not in log
    assert len([line for line in log.splitlines() if "access_log: dropped" in line]) == 1


def test_a_slow_body_is_let_go_after_the_read_timeout(hub_db):
    """Half a request, then nothing: the hub answers 408 once the read timeout passes,
    logs one line, and goes on serving others meanwhile."""
    import socket
    import time

    from .conftest import HubProcess

    server = HubProcess(hub_db, args=("--read-timeout", "1"))
    server.start()
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: "
                         b"application/json\r\nContent-Length: 1000\r\n\r\n{\"code\": ")
            start = time.monotonic()
            assert httpx.get(f"{server.url}/v1/health").status_code == 200
            answer = sock.recv(4096)
            waited = time.monotonic() - start
            while b"\r\n\r\n" in answer and not answer.partition(b"\r\n\r\n")[2]:
                more = sock.recv(4096)  # the body may come in a packet of its own
                if not more:
                    break
                answer += more
        assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
        assert b"not received within 1 s" in answer
        assert 0.8 <= waited < 8, waited
    finally:
        server.stop()
    log = server.log()
    assert "Traceback" not in log and "status=408" in log
