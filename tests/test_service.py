"""The service over a real SQLite file: create, edit, validate, workflow, export/import."""

from __future__ import annotations

from datetime import date

import pytest
from testkit import TODAY

from inspect_tui.errors import Forbidden, Invalid, NotFound
from inspect_tui.service import Service

PROVIDER = {"name": "Test Provider", "urn": "2999902", "categories": [1, 2]}


def new_inspection(service: Service) -> str:
    return service.create_inspection(
        provider=PROVIDER, type="full", start_date="2026-11-20", end_date="2026-11-21",
        lead_inspector="Sam Okafor",
        premises=[{"label": "Flat 1", "category": 1, "local_authority": "Westmere"}])


def test_create_and_load(service):
    iid = new_inspection(service)
    doc = service.load(iid)
    assert doc.provider.name == "Test Provider"
    assert doc.status == "draft"
    assert doc.content_edition == service.catalogue.edition_id
    assert [p.label for p in doc.premises] == ["Flat 1"]
    assert service.resolve_id(iid[:5]) == iid


@pytest.mark.parametrize("changes, message", [
    ({"start_date": "2026-13-01"}, "start_date"),
    ({"type": "surprise"}, "type"),
    ({"end_date": "2026-11-01"}, "end_date is before start_date"),
])
def test_invalid_inspection_changes_nothing(service, changes, message):
    iid = new_inspection(service)
    before = service.store.event_count()
    with pytest.raises(Invalid, match=message):
        service.update_inspection(iid, **changes)
    assert service.store.event_count() == before


def test_finding_edits_and_validation(service):
    iid = new_inspection(service)
    service.set_finding(iid, "sa2023.r5.2.f.ii", status="not_met", note="Evidence.")
    finding = service.load(iid).finding("sa2023.r5.2.f.ii")
    assert (finding.status, finding.note) == ("not_met", "Evidence.")
    with pytest.raises(Invalid, match="status"):
        service.set_finding(iid, "sa2023.r5.2.f.ii", status="excellent")
    with pytest.raises(NotFound):
        service.set_finding(iid, "sa2023.r99", status="met")


def test_young_people_by_case_code(service):
    iid = new_inspection(service)
    yid = service.add(iid, "young_person", case_code="YP-01", age=17, ethnicity="white-irish")
    with pytest.raises(Invalid, match="already used"):
        service.add(iid, "young_person", case_code="YP-01")
    with pytest.raises(Invalid, match="case_code"):
        service.add(iid, "young_person", case_code="Jane Smith")
    with pytest.raises(Invalid, match="ethnicity"):
        service.update(iid, "young_person", yid, ethnicity="martian")
    service.update(iid, "young_person", yid, age=16)
    assert service.load(iid).young_person(yid).age == 16
    service.remove(iid, "young_person", yid)
    assert service.load(iid).young_people == []


def test_requirement_due_date_rules(service):
    iid = new_inspection(service)
    with pytest.raises(Invalid, match="in the past"):
        service.add_requirement(iid, "sa2023.r5.2.f.ii", "Act.", "2026-11-01", today=TODAY)
    with pytest.raises(Invalid, match="not a date"):
        service.add_requirement(iid, "sa2023.r5.2.f.ii", "Act.", "31/12/2026", today=TODAY)
    with pytest.raises(Invalid, match="not a regulation"):
        service.add_requirement(iid, "sa2023.r404", "Act.", "2026-12-31", today=TODAY)
    aid = service.add_requirement(iid, "sa2023.r5.2.f.ii", "Act.", "2026-12-31", today=TODAY)
    [action] = service.load(iid).actions
    assert action.id == aid and action.due_date == date(2026, 12, 31)


def test_workflow_and_permissions(service):
    iid = new_inspection(service)
    with pytest.raises(Forbidden):
        service.approve(iid)
    service.submit(iid)
    assert service.load(iid).status == "submitted"
    service.set_profile("Morgan Reid", "manager")
    service.return_for_changes(iid, "Add evidence for reg 5.")
    assert service.load(iid).status == "returned"
    service.submit(iid)
    service.approve(iid)
    assert service.load(iid).status == "approved"
    # An approved inspection is read-only until someone reopens it; the history says so.
    with pytest.raises(Invalid, match="approved and read-only"):
        service.set_finding(iid, "sa2023.r5.1", status="met")
    service.reopen(iid, "A date was wrong.")
    service.set_finding(iid, "sa2023.r5.1", status="met")
    doc = service.load(iid)
    assert doc.status == "draft" and doc.finding("sa2023.r5.1").status == "met"
    assert [e.action for e in doc.review] == ["submit", "return", "submit", "approve", "reopen"]


def test_a_submitted_inspection_is_read_only_for_everyone(service):
    iid = new_inspection(service)
    service.submit(iid)
    for role in ("inspector", "manager"):
        service.set_profile("Someone", role)
        with pytest.raises(Invalid, match="submitted for review and read-only"):
            service.set_finding(iid, "sa2023.r5.1", status="not_met")
        with pytest.raises(Invalid, match="read-only"):
            service.add(iid, "young_person", case_code="AB-1234")
    assert service.load(iid).finding("sa2023.r5.1").status == "not_assessed"
    # a manager returns rather than reopen; the inspector may take it back
    with pytest.raises(Invalid, match="returns a submitted inspection"):
        service.reopen(iid)
    service.set_profile("Sam Okafor", "inspector")
    service.reopen(iid, "Forgot the premises walk-round.")
    service.set_finding(iid, "sa2023.r5.1", status="met")
    assert service.load(iid).status == "draft"
    with pytest.raises(Invalid, match="cannot reopen"):
        service.reopen(iid)


def test_export_import_round_trip(service, demo_id, tmp_path, catalogue):
    exported = service.export_document(demo_id)
    other = Service(tmp_path / "other.db", catalogue)
    assert other.import_document(exported) == demo_id
    assert other.export_document(demo_id) == exported
    with pytest.raises(Invalid, match="already"):
        other.import_document(exported)


def test_import_validates_everything_before_writing(service, demo_id, tmp_path, catalogue):
    exported = service.export_document(demo_id)
    exported["findings"][0]["item_id"] = "sa2023.r999"
    other = Service(tmp_path / "other.db", catalogue)
    with pytest.raises(Invalid, match="unknown standards item"):
        other.import_document(exported)
    assert other.store.event_count() == 0


def test_demo_is_complete_and_fictional(service, demo_id):
    doc = service.load(demo_id)
    assert "FICTIONAL" in doc.provider.name
    assert len(doc.premises) == 3 and len({p.category for p in doc.premises}) == 3
    assert len(doc.young_people) == 6
    standards = {service.catalogue.regulation_of(f.item_id).id for f in doc.findings}
    assert {"sa2023.r4", "sa2023.r5", "sa2023.r6", "sa2023.r7"} <= standards
    assert any(f.status == "not_met" and f.note for f in doc.findings)
    kinds = [a.kind for a in doc.actions]
    assert kinds.count("requirement") == 2 and kinds.count("recommendation") == 2
    assert all(a.due_date for a in doc.actions if a.kind == "requirement")
    assert doc.outcome.judgement


def test_review_list_points_at_places(service, demo_id):
    problems = service.check(service.load(demo_id))
    kinds = {p.kind for p in problems}
    assert "not_assessed" in kinds
    assert all(p.where for p in problems)


def test_setting_details_through_the_one_write_path(service):
    iid = new_inspection(service)
    service.update_inspection(iid, provider={"registered_manager": "Ana Ruiz"},
                              previous_inspection={"date": "2024-01-31",
                                                   "outcome": "Inconsistent"},
                              enforcement={"none": True})
    doc = service.load(iid)
    assert doc.provider.registered_manager == "Ana Ruiz" and doc.provider.name
    assert str(doc.previous_inspection.date) == "2024-01-31" and doc.enforcement.none
    wheres = {p.where for p in service.check(doc)}
    assert "setting:registered_manager" not in wheres
    assert {"setting:responsible_individual", "setting:service"} <= wheres
    assert "setting:previous_inspection" not in wheres and "setting:enforcement" not in wheres
    before = service.store.event_count()
    for bad in ({"provider": {"registered_manager": "two\nlines"}},
                {"previous_inspection": {"none": True}},  # a date is recorded
                {"enforcement": {"none": True, "actions": "Notice"}},
                {"provider": {"nickname": "x"}}):
        with pytest.raises(Invalid):
            service.update_inspection(iid, **bad)
    assert service.store.event_count() == before


def test_an_export_without_the_setting_details_still_imports(service, tmp_path, catalogue):
    from inspect_tui.service import Service

    iid = new_inspection(service)
    data = service.export_document(iid)
    for key in ("previous_inspection", "enforcement"):
        del data[key]
    for key in ("registered_manager", "responsible_individual", "service", "address"):
        del data["provider"][key]
    other = Service(tmp_path / "other.db", catalogue)
    assert other.import_document(data) == iid
    doc = other.load(iid)
    assert doc.provider.registered_manager == "" and not doc.previous_inspection.recorded
    other.close()


def test_resolving_a_conflict_goes_through_the_one_write_path(service, tmp_path, catalogue):
    iid = new_inspection(service)
    service.set_finding(iid, "sa2023.r5.1", status="met")
    other = Service(tmp_path / "other.db", catalogue)
    other.set_profile("Jo Adeyemi", "inspector")
    other.store.merge(list(service.store.events(iid)))
    service.set_finding(iid, "sa2023.r5.1", status="not_met")
    other.set_finding(iid, "sa2023.r5.1", status="partly_met")
    service.store.merge(list(other.store.events(iid)))
    [conflict] = service.conflicts(iid)
    # A value the field could never hold is refused, naming the field; nothing changes.
    with pytest.raises(Invalid, match="finding status"):
        service.resolve_conflict(iid, conflict.entity_id, conflict.field, "bogus")
    assert len(service.conflicts(iid)) == 1
    # A submitted inspection is read-only: resolving is an edit like any other.
    service.submit(iid)
    with pytest.raises(Invalid, match="read-only"):
        service.resolve_conflict(iid, conflict.entity_id, conflict.field, "met")
    service.reopen(iid, "Settle the conflict.")
    service.resolve_conflict(iid, conflict.entity_id, conflict.field, "partly_met")
    assert service.conflicts(iid) == []
    assert service.load(iid).finding("sa2023.r5.1").status == "partly_met"
    other.close()
