"""The manager's report: every section there, handling marks on every page, metadata, bookmarks."""

from __future__ import annotations

import io

from pdfcheck import pages_text
from pypdf import PdfReader

from inspect_tui.pdf.definition import default_definition
from inspect_tui.pdf.snapshot import inspection_digest


def test_every_section_in_order(service, demo_id, render):
    pages = pages_text(render(demo_id))
    text = " ".join(pages)
    positions = []
    for section in default_definition().sections:
        title = "Inspection report" if section.id == "cover" else section.title
        assert title in text, section.id
        positions.append(text.index(title))
    assert positions == sorted(positions), "sections out of the defined order"


def test_cover(service, demo_id, render):
    cover = pages_text(render(demo_id))[0]
    for expected in ("Larkfield Lane Support Ltd (FICTIONAL DEMO)", "2999901",
                     "18 November 2026 to 19 November 2026", "Full",
                     "Sam Okafor (demo inspector)", "Jo Lindqvist (demo inspector)",
                     "Report status Draft (DRAFT)", "Manager review copy"):
        assert expected in cover, expected
    assert "Unresolved conflicts" not in cover


def test_outcome_summary_and_improvements(service, demo_id, render):
    text = " ".join(pages_text(render(demo_id)))
    outcome = service.catalogue.outcome("inconsistent")
    assert "Inconsistent quality of service delivery" in text
    assert " ".join(outcome.standard_sentence.split()) in text
    assert "The next inspection will be within about 18 months." in text
    assert "May 2028" not in text, "Ofsted gives a window, not a computed date"
    assert "Items by status" in text and "Partly met" in text
    items = sum(1 for _ in service.catalogue.items())
    assert f"19 of {items} items assessed" in text
    item = service.catalogue.item("sa2023.r4.2.e")
    assert f"Not met: {item.regulation} {item.title}" in text
    assert "Regulation What must be done Due date" in text
    assert "Reg 4(2)(e)" in text and "25 December 2026" in text
    assert "Reg 5(2)(f)(ii)" in text and "11 December 2026" in text
    assert "What should improve" in text and "Guide: location assessments" in text
    assert text.index("What must be done") < text.index("What should improve")


def test_evaluation_findings_cse_about_appendix(service, demo_id, render):
    text = " ".join(pages_text(render(demo_id)))
    for theme in service.catalogue.themes.themes:
        assert theme.title in text
    assert "Leaders have a clear ethos" in text
    cse = text[text.index("Child sexual exploitation and safeguarding"):]
    for code in ("LL-0417", "LL-0422", "LL-0431", "LL-0436", "LL-0440", "LL-0452"):
        assert code in cse
    about = text[text.index("Information about this inspection"):]
    assert "Young people 6 (by case code)" in about and "Evidence sources" in about
    setting = text[text.index("Setting details"):]
    for expected in ("Registered manager Priya Marsh (demo manager)",
                     "Responsible individual Declan Hale (demo responsible individual)",
                     "Address or area Westmere and Eastbrook", "Canal Court, flat 2 (demo)",
                     "1: Self-contained"):
        assert expected in setting, expected
    history = text[text.index("Previous inspection and enforcement"):]
    assert "Previous inspection This is the provider's first inspection." in history
    assert "No enforcement action has been taken since the last inspection." in history
    annex = text[text.index("Annex: the inspector's evidence"):]
    assert "Regulation 5: The protection standard" in annex
    assert "LL-0417 went missing four times" in annex
    assert "CSE-relevant items were assessed" in annex
    for checklist in service.catalogue.checklists:
        assert checklist.title[:30] in annex


def test_document_control(service, demo_id, render):
    text = " ".join(pages_text(render(demo_id)))
    text = text[text.rindex("Document control"):]
    doc = service.load(demo_id)
    assert inspection_digest(doc) in text
    assert "Report version 1 (DRAFT, in preparation)" in text
    assert "Content edition sa-2023.1" in text
    assert "Generated at 1 January 2000, 00:00 GMT" in text  # invariant mode, England time
    assert "Not yet submitted for review" in text


def test_header_watermark_and_page_numbers_on_every_page(service, demo_id, render):
    pages = pages_text(render(demo_id))
    assert len(pages) > 5
    for number, page in enumerate(pages, 1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, number  # header and footer
        assert f"Page {number} of {len(pages)}" in page
        assert page.startswith("DRAFT ")  # the watermark is drawn first, under the text
        assert "Manager review copy · DRAFT" in page and "FINAL" not in page[:200]


def test_final_after_approval_with_approver(service, demo_id, render):
    service.submit(demo_id)
    service.set_profile("Mary Adeyemi", "manager")
    service.approve(demo_id, "Clear and well evidenced.")
    pages = pages_text(render(demo_id))
    for page in pages:
        assert page.startswith("FINAL ") and "Manager review copy · FINAL" in page
        assert "DRAFT" not in page
    assert "Approved by Mary Adeyemi on" in pages[0]
    control = " ".join(pages)
    control = control[control.rindex("Document control"):]
    assert "Report version 1 (FINAL)" in control
    assert "Approved Mary Adeyemi" in control and "Clear and well evidenced." in control


def test_metadata(service, demo_id, render):
    reader = PdfReader(io.BytesIO(render(demo_id)))
    meta = reader.metadata
    assert meta.title == ("Supported accommodation inspection report: "
                          "Larkfield Lane Support Ltd (FICTIONAL DEMO)")
    assert meta.author == default_definition().organisation  # never a person
    assert "SI 2023/416" in meta.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert root["/PageMode"] == "/UseOutlines"


def _outline_titles(outline, depth=0):
    for entry in outline:
        if isinstance(entry, list):
            yield from _outline_titles(entry, depth + 1)
        else:
            yield depth, entry.title


def test_bookmarks_for_every_section(service, demo_id, render):
    reader = PdfReader(io.BytesIO(render(demo_id)))
    titles = list(_outline_titles(reader.outline))
    top = [t for d, t in titles if d == 0]
    assert top == [s.title for s in default_definition().sections]
    nested = [t for d, t in titles if d > 0]
    assert "What the setting must do: requirements" in nested
    assert "What the setting should do: recommendations" in nested
    assert "Regulation 5: The protection standard" in nested
    # each bookmark lands on a page that shows its title
    pages = pages_text(render(demo_id))
    for dest in reader.outline:
        if not isinstance(dest, list):
            assert dest.title in pages[reader.get_destination_page_number(dest)]


def test_fonts_are_embedded_truetype(service, demo_id, render):
    reader = PdfReader(io.BytesIO(render(demo_id)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font).get(
                "/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font
    assert all("Helvetica" not in f for f in fonts)


def test_invariant_output_is_byte_identical(service, demo_id):
    from inspect_tui.service.reports import render_report

    first = render_report(service, demo_id, "manager", invariant=True)
    assert render_report(service, demo_id, "manager", invariant=True) == first


def test_conflict_warning_on_cover(service, demo_id, render, tmp_path, catalogue):
    from inspect_tui.service import Service

    other = Service(tmp_path / "other.db", catalogue)
    other.set_profile("Jo Lindqvist", "inspector")
    other.store.merge(service.history(demo_id))
    service.set_finding(demo_id, "sa2023.r4.2.a", note="Edited on laptop A.")
    other.set_finding(demo_id, "sa2023.r4.2.a", note="Edited on laptop B.")
    service.store.merge(other.history(demo_id))
    other.close()
    assert len(service.conflicts(demo_id)) == 1
    pages = pages_text(render(demo_id))
    assert "Unresolved conflicts" in pages[0]
    assert "1 conflicting edit(s) were unresolved" in pages[0]
    assert "Open conflicts 1" in " ".join(pages)


def test_report_definition_is_validated(tmp_path):
    import shutil

    import pytest

    from inspect_tui.pdf.definition import DefinitionError, load_definition

    source = default_definition().root
    shutil.copytree(source, tmp_path / "reports")
    path = tmp_path / "reports" / "inspection-report.yaml"
    assert load_definition(path).sections[0].id == "cover"
    path.write_text(path.read_text().replace("  - id: cover\n", "  - id: cover\n    colour: red\n"))
    with pytest.raises(DefinitionError, match="colour"):
        load_definition(path)
    path.write_text(path.read_text().replace("    colour: red\n", "").replace(
        "regular: fonts/DejaVuSans.ttf", "regular: fonts/Missing.ttf"))
    with pytest.raises(DefinitionError, match="Missing.ttf"):
        load_definition(path)


def test_provider_copy_has_the_report_not_the_evidence(service, demo_id, render):
    text = " ".join(pages_text(render(demo_id, "provider")))
    for absent in ("Annex: the inspector's evidence", "Items by status", "Partly met",
                   "Checklist completion", demo_id, "Inspection id"):
        assert absent not in text, absent
    assert "Report reference URN 2999901, 18 November 2026 to 19 November 2026" in text
    for present in ("Outcome of this inspection", "Previous inspection and enforcement",
                    "What the setting must do: requirements", "Evaluation",
                    "Setting details", "Registered manager Priya Marsh (demo manager)"):
        assert present in text, present
    reader = PdfReader(io.BytesIO(render(demo_id, "provider")))
    assert reader.metadata.author == default_definition().organisation


def test_history_and_unverified_content_in_document_control(service, demo_id, render):
    service.update_inspection(
        demo_id, previous_inspection={"none": False, "date": "2024-03-14",
                                      "outcome": "Consistently strong service delivery"},
        enforcement={"none": False, "actions": "Compliance notice served in June 2025."})
    # an assessed item whose primary text was never read
    service.set_finding(demo_id, "sa2023.r4.2.monitoring-and-review", status="met",
                        note="Audits seen.")
    text = " ".join(pages_text(render(demo_id, "provider")))
    history = text[text.index("Previous inspection and enforcement"):]
    assert "Previous inspection 14 March 2024: Consistently strong service delivery" in history
    assert "Compliance notice served in June 2025." in history
    doc = service.load(demo_id)
    assessed = sum(1 for f in doc.findings if f.status != "not_assessed")
    unverified = sum(1 for f in doc.findings if f.status != "not_assessed"
                     and not service.catalogue.item(f.item_id).provenance.verified)
    assert unverified >= 1
    assert (f"{unverified} of the {assessed} assessed items rest on content not yet "
            "verified against the primary source") in text


def test_user_text_in_setting_details_is_escaped(service, demo_id, render):
    service.update_inspection(demo_id, provider={"registered_manager": "<b>Jo</b> & Co"})
    text = " ".join(pages_text(render(demo_id, "provider")))
    assert "Registered manager <b>Jo</b> & Co" in text


def test_cse_section_frames_signs_and_harm_as_issue_13_reads_them(service, demo_id, render):
    """Harm is never 'at risk'; warning signs are never by themselves a reason for it;
    pregnancy or an STI at 16-17 calls for an enquiry. Read back from the manager's copy."""
    text = " ".join(pages_text(render(demo_id)))
    start = text.index("Child sexual exploitation and safeguarding What was recorded")
    intro = text[start:start + 700]
    assert 'never as the child being merely "at risk" (IICSA, 2022)' in intro
    assert "never by themselves a reason" in intro
    assert "pregnancy or a sexually transmitted infection calls for a safeguarding enquiry" in (
        intro)
