"""CSE through the service: validated writes, the IICSA refusal, export/import round trip."""

from __future__ import annotations

import pytest

from inspect_tui.errors import Invalid, NotFound


@pytest.fixture
def tracked(service, demo_id):
    doc = service.load(demo_id)
    yp = next(y.id for y in doc.young_people if y.case_code == "LL-0417")
    return demo_id, yp


def test_demo_records_ll0417_honestly(service, tracked):
    iid, yp = tracked
    record = service.load(iid).cse_record(yp)
    assert record.classification == "experiencing_exploitation"
    assert record.indicators["cse.harm.missing-with-adults"].answer == "present"
    assert any(e.adults_involved for e in record.missing_episodes)
    kinds = {p.kind for p in service.check(service.load(iid))}
    # realistic gaps the checks find in the demo
    assert {"cse_no_notification", "cse_no_referral", "cse_rhi_late"} <= kinds


def test_indicator_answers_are_validated(service, tracked):
    iid, yp = tracked
    service.cse.set_indicator(iid, yp, "cse.sign.self-harm", answer="present",
                      noted_on="2026-10-03", source="case-records")
    rec = service.load(iid).cse_record(yp).indicators["cse.sign.self-harm"]
    assert (rec.answer, rec.noted_on.isoformat()) == ("present", "2026-10-03")
    with pytest.raises(Invalid, match=r"noted_on: '3/10/26' is not a date \(use YYYY-MM-DD\)"):
        service.cse.set_indicator(iid, yp, "cse.sign.self-harm", noted_on="3/10/26")
    with pytest.raises(Invalid, match="answer"):
        service.cse.set_indicator(iid, yp, "cse.sign.self-harm", answer="maybe")
    with pytest.raises(NotFound):
        service.cse.set_indicator(iid, yp, "sa2023.r5.2.f.ii", answer="present")
    with pytest.raises(NotFound):
        service.cse.set_indicator(iid, "nobody", "cse.sign.self-harm", answer="present")


@pytest.mark.parametrize("values, message", [
    ({"went_missing_at": "2026-11-31 10:00"}, "went_missing_at: '2026-11-31 10:00' is not a date"),
    ({"went_missing_at": "2026-11-03"}, "is not a date and time (use YYYY-MM-DD HH:MM)"),
    ({"went_missing_at": "2026-11-03 10:00", "returned_at": "2026-11-02 10:00"},
     "returned_at: the return is before"),
    ({"returned_at": "2026-11-03 10:00", "rhi_held_at": "2026-11-02 10:00"},
     "rhi_held_at: the return home interview is before the return"),
    ({"with_adults": "maybe"}, "with_adults"),
    ({"colour": "red"}, "colour"),
])
def test_bad_missing_episodes_give_one_line_errors(service, tracked, values, message):
    iid, yp = tracked
    with pytest.raises(Invalid) as err:
        service.cse.add_missing_episode(iid, yp, **values)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_missing_episode_update_and_remove(service, tracked):
    iid, yp = tracked
    eid = service.cse.add_missing_episode(iid, yp, went_missing_at="2026-11-10 22:00")
    service.cse.update_missing_episode(iid, yp, eid, returned_at="2026-11-11 06:30",
                               fold=True)
    ep = service.load(iid).cse_record(yp).episode(eid)
    assert ep.returned_at.hour == 6 and ep.rhi_within_72h is None
    service.cse.update_missing_episode(iid, yp, eid, rhi_held_at="2026-11-13 09:00")
    assert service.load(iid).cse_record(yp).episode(eid).rhi_within_72h is True
    service.cse.remove_missing_episode(iid, yp, eid)
    assert service.load(iid).cse_record(yp).episode(eid) is None
    with pytest.raises(NotFound):
        service.cse.update_missing_episode(iid, yp, eid, police_informed="yes")


def test_notifications_with_derived_timeliness(service, tracked):
    iid, yp = tracked
    nid = service.cse.add_notification(iid, yp, kind="reg27_ofsted",
                               event_at="2026-11-10 22:00", made_at="2026-11-12 09:00")
    n = service.load(iid).cse_record(yp).notification(nid)
    assert n.within_24h is False
    with pytest.raises(Invalid, match="made_at: the notification is before the event"):
        service.cse.update_notification(iid, yp, nid, made_at="2026-11-09 09:00")
    with pytest.raises(Invalid, match="kind"):
        service.cse.add_notification(iid, yp, kind="newspaper")


def test_iicsa_rule_refuses_heightened_risk_without_reason(service, tracked):
    iid, yp = tracked
    with pytest.raises(Invalid, match="IICSA"):
        service.cse.set_classification(iid, yp, "heightened_risk")
    assert service.load(iid).cse_record(yp).classification == "experiencing_exploitation"
    advice = service.cse.set_classification(iid, yp, "heightened_risk",
                                    "Inspector's test: reason recorded")
    assert advice.iicsa and not advice.needs_reason
    rec = service.load(iid).cse_record(yp)
    assert (rec.classification, rec.override_reason) == ("heightened_risk",
                                                         "Inspector's test: reason recorded")
    kinds = {p.kind for p in service.check(service.load(iid))}
    assert "cse_harm_not_recognised" not in kinds
    # clearing the reason later does not pass silently: the review list says so
    service.cse.update_record(iid, yp, override_reason="")
    kinds = {p.kind for p in service.check(service.load(iid))}
    assert "cse_harm_not_recognised" in kinds


def test_perpetrator_core_data(service, tracked):
    iid, yp = tracked
    with pytest.raises(Invalid, match="raise it before describing another"):
        for _ in range(5):
            service.cse.add_perpetrator(iid, yp, sex="male")
    data = service.load(iid).cse_record(yp).perpetrators
    assert len(data.perpetrators) == data.number
    with pytest.raises(Invalid, match="ethnicity"):
        service.cse.update_perpetrator(iid, yp, data.perpetrators[0].id, ethnicity="martian")
    with pytest.raises(Invalid, match="number"):
        service.cse.set_perpetrator_data(iid, yp, number=0)


def test_export_import_export_is_identical(service, tracked, tmp_path, catalogue):
    from inspect_tui.service import Service

    iid, yp = tracked
    service.cse.add_notification(iid, yp, kind="police", made_at="2026-11-12 09:00")
    first = service.export_document(iid)
    assert first["cse"]
    other = Service(tmp_path / "other.db", catalogue)
    try:
        assert other.import_document(first) == iid
        assert other.export_document(iid) == first
    finally:
        other.close()


def test_import_refuses_unknown_indicator(service, tracked, tmp_path, catalogue):
    from inspect_tui.service import Service

    iid, yp = tracked
    data = service.export_document(iid)
    data["cse"][0]["indicators"]["cse.made.up"] = {"answer": "present"}
    other = Service(tmp_path / "other.db", catalogue)
    try:
        with pytest.raises(Invalid, match="unknown CSE indicator"):
            other.import_document(data)
    finally:
        other.close()


def test_removed_young_person_drops_their_record(service, tracked):
    iid, yp = tracked
    service.remove(iid, "young_person", yp)
    assert all(r.young_person_id != yp for r in service.load(iid).cse)


def test_cse_records_are_read_only_once_approved_until_reopened(service, tracked):
    iid, yp = tracked
    service.submit(iid)
    service.set_profile("Manager", "manager")
    service.approve(iid)
    note = "Waking night staff; police disruption plan for the car seen outside."
    with pytest.raises(Invalid, match="read-only"):
        service.cse.update_record(iid, yp, risk_management_note=note)
    service.reopen(iid, "Risk plan seen after approval.")
    service.cse.update_record(iid, yp, risk_management_note=note)
    doc = service.load(iid)
    assert doc.status == "draft" and doc.cse_record(yp).risk_management_note == note


def test_harm_ticked_on_the_generic_checklist_still_counts(service, demo_id):
    """Older versions let the workspace's Checklists tree answer cse-indicators too. Now
    the CSE record is the one place they are written; an older answer (here written
    straight to the log, as a sync from such a version would) is still read: the IICSA
    rule, the checks and the report see it, so harm cannot slip past by the other route."""
    from inspect_tui.domain.entities import entity_id
    from inspect_tui.service.reports import report_snapshot
    from inspect_tui.store import Edit

    doc = service.load(demo_id)
    yp = next(y.id for y in doc.young_people if y.case_code == "LL-0431")
    with pytest.raises(Invalid, match="CSE record"):
        service.set_check(demo_id, "cse.harm.repeat-sti", yp, answer="yes")
    eid = entity_id(demo_id, "check", "cse.harm.repeat-sti", yp)
    service.store.record([Edit(demo_id, "check", eid, "answer", "yes")], "older version")
    problems = [p for p in service.check(service.load(demo_id)) if p.where == f"cse:{yp}"]
    assert {"cse_no_notification", "cse_no_referral", "cse_no_classification"} <= {
        p.kind for p in problems}
    with pytest.raises(Invalid, match="IICSA"):
        service.cse.set_classification(demo_id, yp, "heightened_risk")
    assert service.cse.advice(demo_id, yp).suggested == "experiencing_exploitation"
    cse = report_snapshot(service, demo_id, "manager", invariant=True).cse
    assert next(p for p in cse.people if p.case_code == "LL-0431").notified == (
        "NO, evidence of harm")
    # an answer on the CSE screen itself wins over the checklist
    service.cse.set_indicator(demo_id, yp, "cse.harm.repeat-sti", answer="not_present")
    assert service.cse.advice(demo_id, yp).suggested == "no_known_concerns"
