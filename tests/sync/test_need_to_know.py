"""Need-to-know over real HTTP: a device holds only the inspections its user is a member of."""

from __future__ import annotations

import httpx
import pytest

from inspect_tui.sync.client import sync_now
from inspect_tui.sync.errors import SyncError

from .privacy_helpers import checkpoint, enrolled, new_inspection, raw_bytes, run
from .sync_helpers import token_of


def test_two_inspectors_hold_only_their_own_and_a_manager_both(hub_db, hub_server,
                                                               make_laptop):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    jo = enrolled(make_laptop, hub_db, hub_server, "Jo Adeyemi")
    mo = enrolled(make_laptop, hub_db, hub_server, "Mo Manager", "manager")
    sams = new_inspection(sam, "Harbour View Lodgings")
    jos = new_inspection(jo, "Elm Street Supported Living")
    for svc in (sam, jo, mo, sam, jo):
        sync_now(svc)
    assert sam.inspection_ids() == [sams]
    assert jo.inspection_ids() == [jos]
    assert sorted(mo.inspection_ids()) == sorted([sams, jos])
    for svc, other in ((sam, "Elm Street"), (jo, "Harbour View")):
        checkpoint(svc.store.path)
        assert other.encode() not in raw_bytes(svc.store.path)
    # Jo's device may not write to Sam's inspection, whatever it sends.
    row = [f"{jo.store.device}-999", sams, "finding", f"{sams}/finding/sa2023.r4.1", "note",
           '"hi"', "[]", "Jo Adeyemi", jo.store.device, 999, "2026-11-27T10:00:00.000Z"]
    r = httpx.post(f"{hub_server.url}/v1/push", json={"rows": [row]},
                   headers={"Authorization": f"Bearer {token_of(jo)}"})
    assert r.status_code == 403 and "not a member of inspection" in r.json()["error"]


def test_a_team_manager_sees_their_team_only(hub_db, hub_server, make_laptop, capsys):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    jo = enrolled(make_laptop, hub_db, hub_server, "Jo Adeyemi")
    sams, jos = new_inspection(sam, "Harbour View"), new_inspection(jo, "Elm Street")
    sync_now(sam), sync_now(jo)
    code, out, _ = run(capsys, "hub", "team", "Mo Manager", "sam okafor", "--db", str(hub_db))
    assert code == 0
    mo = enrolled(make_laptop, hub_db, hub_server, "Mo Manager", "manager")
    assert mo.inspection_ids() == [sams]
    # Named as a reviewer, Mo sees Jo's too; a head of service sees everything.
    assert run(capsys, "hub", "assign", jos[:6], "Mo Manager", "--db", str(hub_db))[0] == 0
    sync_now(mo)
    assert sorted(mo.inspection_ids()) == sorted([sams, jos])
    assert jo.load(jos).reviewers == [] and (sync_now(jo) and True)
    assert jo.load(jos).reviewers == ["Mo Manager"]


def test_losing_membership_removes_the_copy_once_edits_reach_the_hub(
        hub_db, hub_server, make_laptop, capsys):
    sam = enrolled(make_laptop, hub_db, hub_server, "Sam Okafor")
    jo = enrolled(make_laptop, hub_db, hub_server, "Jo Adeyemi")
    iid = new_inspection(sam, "Harbour View Lodgings", team=["Jo Adeyemi"])
    sync_now(sam)
    sync_now(jo)
    assert jo.inspection_ids() == [iid]
    jo.update_inspection(iid, end_date="2026-11-04")  # an edit not yet sent
    code, out, _ = run(capsys, "hub", "assign", iid, "Jo Adeyemi", "--remove",
                       "--db", str(hub_db))
    assert code == 0 and "Jo" not in out
    summary = sync_now(jo)
    assert summary.sent >= 1 and "removed 1 inspection(s) you are no longer a member of" \
        in summary.line()
    assert jo.inspection_ids() == []
    checkpoint(jo.store.path)
    assert b"Harbour View" not in raw_bytes(jo.store.path)
    sync_now(sam)
    assert str(sam.load(iid).end_date) == "2026-11-04", "Jo's last edit reached everyone"
    # Jo's next edits take new sequence numbers: nothing collides with what went.
    mine = new_inspection(jo, "Elm Street")
    assert sync_now(jo).sent > 0 and jo.inspection_ids() == [mine]
    # Jo's device may no longer write to it.
    jo.store.record([_edit(iid)], "Jo Adeyemi")
    with pytest.raises(SyncError, match="not a member of inspection"):
        sync_now(jo)
    # The refused edit stays on Jo's laptop, and goes once Jo is a member again.
    # Added back, Jo's laptop receives the whole inspection again.
    assert run(capsys, "hub", "assign", iid, "Jo Adeyemi", "--db", str(hub_db))[0] == 0
    sync_now(jo)
    sync_now(sam)
    assert sorted(jo.inspection_ids()) == sorted([iid, mine])
    assert jo.load(iid).model_dump() == sam.load(iid).model_dump()
    assert sam.store.fields(f"{iid}/finding/sa2023.r4.1")["note"] == "late"


def _edit(iid):
    from inspect_tui.store import Edit

    return Edit(iid, "finding", f"{iid}/finding/sa2023.r4.1", "note", "late")


def test_assign_needs_an_enrolled_person_and_a_held_inspection(hub_db, capsys):
    code, _, err = run(capsys, "hub", "assign", "nope", "Nobody", "--db", str(hub_db))
    assert code == 2 and "no single inspection" in err
