"""The review workflow: submit, return with comments, resubmit, approve, reopen on edit."""

from __future__ import annotations

import pytest

from inspect_tui.errors import Forbidden, Invalid


def review_actions(service, iid):
    return [(e.action, e.by, e.role) for e in service.load(iid).review]


def as_manager(service, name="Mary Adeyemi"):
    service.set_profile(name, "manager")


def as_inspector(service, name="Sam Okafor"):
    service.set_profile(name, "inspector")


def test_submit_return_resubmit_approve(service, demo_id):
    assert service.load(demo_id).status == "draft"
    service.submit(demo_id, "Ready for review")
    assert service.load(demo_id).status == "submitted"
    as_manager(service)
    with pytest.raises(Invalid, match="say what needs to change"):
        service.return_for_changes(demo_id, "   ")
    service.return_for_changes(demo_id, "Evidence for 4(2)(e) needs dates.")
    doc = service.load(demo_id)
    assert doc.status == "returned"
    returned = doc.review[-1]
    assert (returned.action, returned.by, returned.role) == ("return", "Mary Adeyemi",
                                                             "manager")
    assert returned.comment == "Evidence for 4(2)(e) needs dates."
    as_inspector(service)
    service.set_finding(demo_id, "sa2023.r4.2.e", note="Dated evidence added.")
    assert service.load(demo_id).status == "returned"  # editing a returned one stays returned
    service.submit(demo_id, "Dates added")
    as_manager(service)
    service.approve(demo_id, "Approved.")
    doc = service.load(demo_id)
    assert doc.status == "approved"
    assert [a for a, _, _ in review_actions(service, demo_id)] == [
        "submit", "return", "submit", "approve"]


def test_only_a_manager_approves_or_returns(service, demo_id):
    service.submit(demo_id)
    with pytest.raises(Forbidden, match="only a manager can approve"):
        service.approve(demo_id)
    with pytest.raises(Forbidden, match="only a manager can return"):
        service.return_for_changes(demo_id, "no")
    assert service.load(demo_id).status == "submitted"


def test_without_a_profile_nobody_approves(db_path, catalogue, tmp_path):
    from inspect_tui.service import Service
    from inspect_tui.service.demo import create_demo

    svc = Service(tmp_path / "noprofile.db", catalogue)
    try:
        iid = create_demo(svc)
        svc.submit(iid)
        assert svc.profile() is None
        with pytest.raises(Forbidden, match="inspect-tui profile"):
            svc.approve(iid)
    finally:
        svc.close()


def test_profile_validation(service):
    with pytest.raises(Invalid, match="role"):
        service.set_profile("Sam", "admin")
    with pytest.raises(Invalid, match="name"):
        service.set_profile("  ", "manager")
    profile = service.set_profile("Mary Adeyemi", "manager")
    assert (profile.name, profile.role) == ("Mary Adeyemi", "manager")
    assert service.profile() == profile


def test_state_rules(service, demo_id):
    as_manager(service)
    with pytest.raises(Invalid, match="not submitted"):
        service.approve(demo_id)
    with pytest.raises(Invalid, match="not submitted"):
        service.return_for_changes(demo_id, "too early")
    as_inspector(service)
    service.submit(demo_id)
    with pytest.raises(Invalid, match="cannot submit"):
        service.submit(demo_id)
    as_manager(service)
    service.approve(demo_id)
    with pytest.raises(Invalid, match="cannot submit"):
        service.submit(demo_id)


def test_comments_do_not_change_status(service, demo_id):
    service.submit(demo_id)
    as_manager(service)
    service.comment(demo_id, "Looking at it today.")
    doc = service.load(demo_id)
    assert doc.status == "submitted" and doc.review[-1].comment == "Looking at it today."
    with pytest.raises(Invalid):
        service.comment(demo_id, "")


def test_an_approved_inspection_is_edited_only_after_a_recorded_reopen(service, demo_id):
    service.submit(demo_id)
    as_manager(service)
    service.approve(demo_id)
    as_inspector(service)
    with pytest.raises(Invalid, match="approved and read-only"):
        service.set_finding(demo_id, "sa2023.r4.2.a", note="A late correction.")
    assert service.load(demo_id).status == "approved"
    service.reopen(demo_id, "A late correction to 4(2)(a).")
    service.set_finding(demo_id, "sa2023.r4.2.a", note="A late correction.")
    doc = service.load(demo_id)
    assert doc.status == "draft"
    assert doc.review[-1].action == "reopen" and doc.review[-1].by == "Sam Okafor"
    history = service.history(demo_id)
    reopen = next(i for i, e in enumerate(history)
                  if e.entity == "review" and e.value["action"] == "reopen")
    edit = next(i for i, e in enumerate(history)
                if e.entity_id.endswith("/finding/sa2023.r4.2.a") and e.field == "note"
                and e.value == "A late correction.")
    assert reopen < edit, "the reopen is recorded before the edit"
    # a second edit needs no second reopen
    service.set_finding(demo_id, "sa2023.r4.2.a", note="A later correction.")
    assert [a for a, _, _ in review_actions(service, demo_id)].count("reopen") == 1
    # and it can go round again
    service.submit(demo_id)
    as_manager(service)
    service.approve(demo_id)
    assert service.load(demo_id).status == "approved"


def test_approval_keeps_the_digest_and_edits_change_it(service, demo_id):
    from inspect_tui.pdf.snapshot import inspection_digest

    before = inspection_digest(service.load(demo_id))
    service.submit(demo_id)
    as_manager(service)
    service.approve(demo_id)
    assert inspection_digest(service.load(demo_id)) == before
    service.reopen(demo_id)
    assert inspection_digest(service.load(demo_id)) == before, "review steps are not digested"
    service.set_outcome(demo_id, "serious-weaknesses")
    assert inspection_digest(service.load(demo_id)) != before


def test_review_events_travel_with_the_log(service, demo_id, tmp_path, catalogue):
    """Approvals are events in the store, so a merge carries them to another device."""
    from inspect_tui.service import Service

    service.submit(demo_id)
    as_manager(service)
    service.approve(demo_id, "ok")
    other = Service(tmp_path / "hub.db", catalogue)
    try:
        other.store.merge(service.history(demo_id))
        assert other.load(demo_id).status == "approved"
    finally:
        other.close()
