"""The rules of requirements and recommendations (:mod:`inspect_tui.domain.actions`) at the
sync door, over real HTTP on 127.0.0.1: an event that makes an action the service would
refuse (a requirement with no due date, one with no text) is refused whole with a one-line
4xx naming it, whether it edits an action the hub holds or brings a new one; the edits the
service makes pass."""

from __future__ import annotations

import httpx
import pytest

from inspect_tui.domain.entities import entity_id
from inspect_tui.sync.client import sync_now

from .guard_helpers import row
from .sync_helpers import enrol_code, hub_rows, token_of


def push(server, svc, rows) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/push", json={"rows": rows},
                      headers={"Authorization": f"Bearer {token_of(svc)}"})


def next_seq(svc) -> int:
    return svc.store.version_vector().get(svc.store.device, 0) + 1


@pytest.fixture
def sam(hub_db, hub_server, service, demo_id):
    """Sam's laptop, enrolled, holding the demo with one requirement and one
    recommendation of its own, all on the hub."""
    sync_now(service, hub=hub_server.url, enrol_code=enrol_code(hub_db, "Sam Okafor",
                                                                 "inspector"))
    regulation = sorted(service.catalogue.known_ids())[0]
    req = service.add_requirement(demo_id, regulation, "Fix the fire door",
                                  "2099-01-31")
    rec = service.add_recommendation(demo_id, regulation, "Train staff on CSE")
    sync_now(service)
    return service, demo_id, regulation, req, rec


def refused(r: httpx.Response, event_id: str) -> str:
    assert r.status_code == 422, r.text
    message = r.json()["error"]
    assert event_id in message and "\n" not in message, message
    return message


def test_a_requirement_edited_to_no_due_date_is_refused(sam, hub_db, hub_server):
    svc, iid, _reg, req, _rec = sam
    before = hub_rows(hub_db)
    bad = row(svc.store.device, next_seq(svc), iid, "action", entity_id(iid, "action", req),
              "due_date", None, "Sam Okafor")
    message = refused(push(hub_server, svc, [bad]), bad[0])
    assert "due date" in message
    assert hub_rows(hub_db) == before


def test_a_recommendation_turned_requirement_without_a_date_is_refused(sam, hub_db,
                                                                       hub_server):
    svc, iid, _reg, _req, rec = sam
    before = hub_rows(hub_db)
    seq = next_seq(svc)
    honest = row(svc.store.device, seq, iid, "inspection", iid, "archived", False,
                 "Sam Okafor")
    bad = row(svc.store.device, seq + 1, iid, "action", entity_id(iid, "action", rec),
              "kind", "requirement", "Sam Okafor")
    message = refused(push(hub_server, svc, [honest, bad]), bad[0])
    assert "due date" in message
    assert hub_rows(hub_db) == before, "the batch is refused whole"
    # With its due date in the same batch, the same change is one the service makes.
    dated = row(svc.store.device, seq + 1, iid, "action", entity_id(iid, "action", rec),
                "due_date", "2099-03-01", "Sam Okafor")
    ok = push(hub_server, svc, [honest, dated,
                                row(svc.store.device, seq + 2, iid, "action",
                                    entity_id(iid, "action", rec), "kind", "requirement",
                                    "Sam Okafor")])
    assert ok.status_code == 200, ok.text


@pytest.mark.parametrize("fields, words", [
    ({"kind": "requirement", "text": "Fix it", "due_date": None, "guide_ref": ""},
     "due date"),
    ({"kind": "recommendation", "text": "   ", "due_date": None, "guide_ref": ""},
     "recommendation: say what should improve"),
])
def test_a_new_action_the_service_would_refuse_is_refused(sam, hub_db, hub_server,
                                                          fields, words):
    svc, iid, regulation, _req, _rec = sam
    before = hub_rows(hub_db)
    eid = entity_id(iid, "action", "forged1")
    seq = next_seq(svc)
    rows = [row(svc.store.device, seq + k, iid, "action", eid, name, value, "Sam Okafor")
            for k, (name, value) in enumerate({"regulation": regulation, **fields}.items())]
    message = refused(push(hub_server, svc, rows), rows[0][0])
    assert words in message
    assert hub_rows(hub_db) == before


def test_the_services_own_action_edits_pass(sam, hub_db, hub_server):
    svc, iid, _reg, req, rec = sam
    svc.update(iid, "action", req, text="Fix the fire door and its closer")
    svc.update(iid, "action", rec, kind="requirement", due_date="2099-05-01")
    svc.remove(iid, "action", req)
    sync_now(svc)  # raises SyncError if the hub refused a batch
    held = {(r[3], r[4], r[5]) for r in hub_rows(hub_db)}
    assert (entity_id(iid, "action", rec), "kind", '"requirement"') in held
    assert (entity_id(iid, "action", rec), "due_date", '"2099-05-01"') in held
    assert (entity_id(iid, "action", req), "deleted", "true") in held


def test_a_pull_page_keeps_one_edits_fields_together(sam, hub_db, hub_server, make_laptop):
    """A page that would end between the fields of one edit (kind, then due date) carries
    the rest of them: a laptop judging the first alone would quarantine an honest edit."""
    svc, iid, _reg, _req, rec = sam
    svc.update(iid, "action", rec, kind="requirement", due_date="2099-05-01")
    sync_now(svc)
    top = svc.store.version_vector()[svc.store.device]
    edit = [r for r in hub_rows(hub_db) if r[8] == svc.store.device and r[9] > top - 2]
    assert {r[4] for r in edit} == {"kind", "due_date"}
    max_ = make_laptop("Max Manager", "manager")
    sync_now(max_, hub=hub_server.url, enrol_code=enrol_code(hub_db, "Max Manager",
                                                              "manager"))
    vector = {**max_.store.version_vector(), svc.store.device: top - 2}
    r = httpx.post(f"{hub_server.url}/v1/pull", json={"vector": vector, "limit": 1},
                   headers={"Authorization": f"Bearer {token_of(max_)}"})
    assert r.status_code == 200, r.text
    assert [row[9] for row in r.json()["rows"]] == [top - 1, top]


def test_a_push_batch_keeps_one_edits_fields_together(sam, hub_db):
    """The edit of a recommendation into a requirement falls at the end of a push batch:
    its due date goes with it, and the hub accepts both."""
    from inspect_tui.sync.client import PUSH_BATCH

    from .sync_helpers import bulk_edits

    svc, iid, _reg, _req, rec = sam
    top = svc.store.version_vector()[svc.store.device]
    bulk_edits(svc, PUSH_BATCH - 1, iid=iid)
    svc.update(iid, "action", rec, kind="requirement", due_date="2099-05-01")
    ours = {r[9]: r[4] for r in svc.store.rows_in_order() if r[8] == svc.store.device}
    assert (ours[top + PUSH_BATCH], ours[top + PUSH_BATCH + 1]) == ("kind", "due_date")
    sync_now(svc)  # raises SyncError if the hub refused a batch
    held = {(r[3], r[4], r[5]) for r in hub_rows(hub_db)}
    assert (entity_id(iid, "action", rec), "kind", '"requirement"') in held


def test_a_new_action_missing_fields_is_refused(sam, hub_db, hub_server):
    """An action the service never writes: only some of its fields, the rest never sent.
    Judged as it stands after the batch, it is refused whole, naming what is missing."""
    svc, iid, regulation, _req, _rec = sam
    before = hub_rows(hub_db)
    eid = entity_id(iid, "action", "forged2")
    seq = next_seq(svc)
    rows = [row(svc.store.device, seq, iid, "action", eid, "kind", "requirement",
                "Sam Okafor"),
            row(svc.store.device, seq + 1, iid, "action", eid, "regulation", regulation,
                "Sam Okafor")]
    message = refused(push(hub_server, svc, rows), rows[0][0])
    assert "incomplete" in message and "due_date" in message and "text" in message
    assert hub_rows(hub_db) == before
