"""The CSE section of the PDF: classification numbers, overrides with reasons, missing
episodes, notification timeliness, language flags (manager only) and the core data set
with small numbers suppressed in the provider copy."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from inspect_tui.service.reports import render_report, report_snapshot


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))


@pytest.fixture
def demo(service, demo_id):
    doc = service.load(demo_id)
    codes = {y.case_code: y.id for y in doc.young_people}
    service.cse.add_notification(demo_id, codes["LL-0436"], kind="reg27_ofsted",
                         event_at="2026-11-01 10:00", made_at="2026-11-03 10:00")
    service.cse.set_classification(demo_id, codes["LL-0417"], "heightened_risk",
                           "Reason for the test override")
    return demo_id


def test_manager_copy(service, demo):
    text = text_of(render_report(service, demo, "manager", invariant=True))
    for expected in ("Classification", "At heightened risk 2", "Young people tracked 3",
                     "Reason for the test override (evidence of harm is recorded)",
                     "Missing episodes 4", "Missing episodes with or collected by adults 2",
                     "within 72 hours of return 2 of 4 (50%)",
                     "Reg 27 notifications to Ofsted made 1",
                     "Reg 27 notifications within Ofsted's guidance of 24 hours 0",
                     "Young people with evidence of harm and no reg 27 notification 1",
                     "48 hours: later than Ofsted's guidance of 24 hours",
                     "Language flags outstanding",
                     '"boyfriend" in the risk-management note for LL-0436',
                     "Core data set", "Victims by sex", "Female 2", "Victims 2"):
        assert expected in text, expected
    assert "numbers are hidden" not in text


def test_provider_copy_suppresses_small_numbers_and_internal_flags(service, demo):
    snapshot = report_snapshot(service, demo, "provider", invariant=True)
    cse = snapshot.cse
    assert cse.suppressed and cse.tracked == "*" and not cse.by_child
    assert cse.people == [] and cse.overrides == [] and cse.notifications == []
    assert all(t.withheld for t in cse.core_tables if t.total)
    assert cse.language == [] and not cse.language_included
    text = text_of(render_report(service, demo, "provider", invariant=True))
    assert "Young people tracked: *" in text
    assert "a number from 1 to 4, or a larger number hidden" in text
    assert "Language flags outstanding" not in text and "boyfriend" not in text
    # no case code, and no override reason, beside CSE details in a copy that leaves
    for person in service.load(demo).young_people:
        assert person.case_code not in text
    assert "Reason for the test override" not in text


def test_snapshot_never_carries_internal_ids(service, demo):
    dumped = report_snapshot(service, demo, "manager", invariant=True).model_dump_json()
    for person in service.load(demo).young_people:
        assert person.id not in dumped


def test_indicators_from_the_cse_screen_count_in_the_young_people_table(service, demo):
    snapshot = report_snapshot(service, demo, "manager", invariant=True)
    ll0417 = next(y for y in snapshot.cse.young_people if y.case_code == "LL-0417")
    assert ll0417.indicator_counts == {"Vulnerability": 1, "Warning sign": 3,
                                       "Evidence of harm": 1}
    assert any(r.case_code == "LL-0417" and r.indicator_type == "Evidence of harm"
               for r in snapshot.cse.indicators)
    provider = report_snapshot(service, demo, "provider", invariant=True)
    assert provider.cse.indicators == [] and provider.cse.young_people == []
