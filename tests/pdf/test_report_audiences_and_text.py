"""Audiences, escaping, odd Unicode, long notes, big inspections, tables over pages."""

from __future__ import annotations

import pytest
from factory import large_catalogue, large_document
from pdfcheck import pages_text

from inspect_tui.domain.entities import entity_id
from inspect_tui.pdf.definition import default_definition
from inspect_tui.pdf.render import render_pdf
from inspect_tui.pdf.snapshot import build_snapshot
from inspect_tui.service.reports import report_snapshot
from inspect_tui.store import Edit

INTERNAL = ("INTERNAL-YP-NOTE", "INTERNAL-CHECK-NOTE", "INTERNAL-REVIEW-COMMENT")


@pytest.fixture
def marked(service, demo_id):
    """The demo with an internal note in every place the provider must not see."""
    doc = service.load(demo_id)
    person = doc.young_people[0]
    service.update(demo_id, "young_person", person.id, note="INTERNAL-YP-NOTE about them")
    indicator = next(c for c in service.catalogue.checklists if c.id == "cse-indicators")
    # A note on the generic CSE checklist, as older versions wrote it (the CSE record is
    # now the one place indicators are written, but such notes are still reported).
    eid = entity_id(demo_id, "check", indicator.items[0].id, person.id)
    service.store.record([Edit(demo_id, "check", eid, "answer", "yes"),
                          Edit(demo_id, "check", eid, "note",
                               "INTERNAL-CHECK-NOTE seen in records")], "older version")
    service.submit(demo_id)
    service.set_profile("Mary Adeyemi", "manager")
    service.return_for_changes(demo_id, "INTERNAL-REVIEW-COMMENT: tighten the evidence")
    return demo_id, person.case_code


def test_manager_sees_internal_notes(marked, render):
    iid, code = marked
    text = " ".join(pages_text(render(iid, "manager")))
    for marker in INTERNAL:
        assert marker in text, marker
    assert "Looked after (s22C(6)(d))" in text  # demographics in the manager's copy


def test_provider_copy_leaves_internal_notes_out(service, marked, render):
    iid, code = marked
    snapshot = report_snapshot(service, iid, "provider", invariant=True)
    dumped = snapshot.model_dump_json()
    for marker in INTERNAL:
        assert marker not in dumped, f"{marker} reached the provider's snapshot"
    text = " ".join(pages_text(render(iid, "provider")))
    for marker in INTERNAL:
        assert marker not in text
    assert "Provider copy" in text
    assert code not in text, "no case code in a copy that leaves the organisation"
    assert "Looked after (s22C(6)(d))" not in text and "Legal status" not in text
    assert "Returned" not in text  # the return and its comment are internal
    assert "Submitted" in text  # the workflow events themselves are shown


def test_young_people_only_by_case_code(service, demo_id, render):
    snapshot = report_snapshot(service, demo_id, "manager", invariant=True)
    doc = service.load(demo_id)
    dumped = snapshot.model_dump_json()
    for person in doc.young_people:
        assert person.id not in dumped  # internal ids never leak; the case code stands in
        assert person.case_code in dumped


def test_unknown_audience_is_refused(service, demo_id):
    from inspect_tui.errors import Invalid

    with pytest.raises(Invalid, match="audience"):
        report_snapshot(service, demo_id, "public")


def test_markup_is_printed_literally_and_unicode_renders(service, demo_id, render):
    service.update_inspection(demo_id, lead_inspector="Nguyễn Thị Lan",
                              team=["Łukasz Wiśniewski", "Zoë Brontë"],
                              provider={"name": "Zoë & <b>Łukasz</b> Homes Ltd"})
    note = ("Typed <b>not bold</b> & <i>x</i> <font size=40>big</font> <br/> "
            "Ωμέγα Ελληνικά, Кириллица, Nguyễn, señor, ½ ≤ ≥ → “quotes” "
            "zero\u200bwidth, control\x07char, right-to-left مرحبا, emoji 🙂")
    service.set_finding(demo_id, "sa2023.r4.2.a", note=note)
    service.set_rationale(demo_id, "leaders-and-managers", "A & B <script>alert(1)</script>")
    pages = pages_text(render(demo_id))
    text = " ".join(pages)
    assert "Zoë & <b>Łukasz</b> Homes Ltd" in pages[0]
    for name in ("Nguyễn Thị Lan", "Łukasz Wiśniewski", "Zoë Brontë"):
        assert name in pages[0]
    assert "Typed <b>not bold</b> & <i>x</i> <font size=40>big</font> <br/>" in text
    assert "Ωμέγα Ελληνικά, Кириллица, Nguyễn, señor, ½ ≤ ≥ → “quotes”" in text
    assert "A & B <script>alert(1)</script>" in text


def test_long_note_splits_across_pages(service, demo_id, render):
    sentence = "The inspector read every record for this period and found the same gap. "
    note = "\n\n".join(f"Paragraph {k}. " + sentence * 12 for k in range(40)) + " THE-END"
    service.set_finding(demo_id, "sa2023.r5.2.f.ii", note=note)
    service.set_rationale(demo_id, "help-and-protection", note)
    pages = pages_text(render(demo_id))
    holding = [i for i, p in enumerate(pages) if "Paragraph 20." in p]
    assert len(holding) >= 2  # in the findings table and the evaluation
    assert sum("(continued)" in p for p in pages) >= 3
    text = " ".join(pages)
    assert text.count("THE-END") >= 2 and "Paragraph 39." in text


def test_large_inspection_renders_with_repeated_table_headers(catalogue):
    big = large_catalogue(catalogue)
    doc = large_document(big)
    assert (len(doc.findings), len(doc.young_people)) == (300, 40)
    assert sum(a.kind == "requirement" for a in doc.actions) == 30
    snapshot = build_snapshot(doc, big, default_definition(), invariant=True)
    pages = pages_text(render_pdf(snapshot, invariant=True))
    assert len(pages) > 40
    text = " ".join(pages)
    assert "LG-0039" in text and "Requirement 29:" in text
    findings = [p for p in pages if "Evidence" in p and "Records for LG-" in p]
    assert len(findings) > 20
    for page in findings:
        assert "Reg. Item Status Evidence" in page  # the header row repeats on every page
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page


def test_progress_reports_every_page(catalogue):
    big = large_catalogue(catalogue, items=120)
    doc = large_document(big, findings=120)
    snapshot = build_snapshot(doc, big, default_definition(), invariant=True)
    seen: list[float] = []
    render_pdf(snapshot, invariant=True, progress=lambda f, m: seen.append(f))
    assert len(seen) > 5 and seen == sorted(seen) and 0 < seen[-1] <= 1
