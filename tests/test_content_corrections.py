"""Issue 13's content corrections: the lint for provenance and for what sets each time limit
(law or guidance), and a table per corrected rule, with the cases that must NOT be flagged."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime

import pytest
from testkit import run_cli

from inspect_tui.catalogue import ContentError, load_catalogue
from inspect_tui.catalogue.models import ChecklistItem, Provenance
from inspect_tui.domain.cse.checks import (
    cse_problems,
    enquiry_items,
    indicator_types,
    record_problems,
)
from inspect_tui.domain.cse.models import CseRecord
from inspect_tui.domain.cse.rules import classification_rule
from inspect_tui.domain.cse.statistics import cse_counts
from inspect_tui.domain.language import LanguageMatcher
from inspect_tui.domain.models import InspectionDocument
from inspect_tui.paths import checklists_dir, standards_dir

AS_OF = datetime(2026, 11, 20, 23, 59)


def everything(catalogue):
    """(where, id, provenance, item) for every piece of content with a provenance."""
    yield "edition", catalogue.edition.edition, catalogue.edition.provenance, None
    for reg in catalogue.regulations:
        yield "regulation", reg.id, reg.provenance, reg
        for item in reg.items:
            yield "item", item.id, item.provenance, item
    for checklist in catalogue.checklists:
        for item in checklist.items:
            yield "checklist item", item.id, item.provenance, item
    for phrase in catalogue.language.phrases:
        yield "phrase", phrase.id, phrase.provenance, phrase
    for outcome in catalogue.outcomes.outcomes:
        yield "outcome", outcome.id, outcome.provenance, outcome


# --- lint: provenance -----------------------------------------------------------------------

def test_verified_content_says_where_it_was_read_and_unverified_says_why(catalogue):
    for kind, ident, prov, _ in everything(catalogue):
        if prov.verified:
            assert prov.cited and prov.cited.strip(), f"{kind} {ident}: verified, nothing cited"
        else:
            assert prov.note and prov.note.strip(), f"{kind} {ident}: unverified, no note"


def test_the_model_refuses_verified_without_a_citation():
    with pytest.raises(ValueError, match="cited"):
        Provenance(source="SI 2023/416 reg 5", verified=True)
    with pytest.raises(ValueError, match="note"):
        Provenance(source="SI 2023/416 reg 7", verified=False)
    assert Provenance(source="x", verified=True, cited="legislation.gov.uk/...").verified


UNREAD_REGULATIONS = ("7", "10", "11", "12", "13", "14", "15", "17", "18", "19", "20", "21",
                      "22", "23", "24", "25", "26", "28", "29", "32", "33", "34", "35")


def test_content_resting_only_on_unread_regulations_is_unverified(catalogue):
    # Domain reference, section 0: regs 7, 17, 21 and the content of 10-26 were not read.
    for reg in catalogue.regulations:
        if reg.regulation in UNREAD_REGULATIONS:
            assert not reg.provenance.verified, reg.id
            assert all(not i.provenance.verified for i in reg.items), reg.id
    assert not catalogue.item("sa2023.r4.2.f").provenance.verified
    assert catalogue.item("sa2023.r5.2.f.ii").provenance.verified
    assert catalogue.item("sa2023.r6.2.b.vii").provenance.verified


def test_staff_files_and_the_standards_agree_that_reg_17_is_unverified(catalogue):
    staff = catalogue.checklist("staff-files")
    resting_on_17 = [i for i in staff.items if re.search(r"\b17\b", i.provenance.source)]
    assert len(resting_on_17) >= 4
    for item in resting_on_17:
        assert not item.provenance.verified, item.id
    assert not any(i.provenance.verified for i in catalogue.regulation("sa2023.r17").items)


def test_language_phrases_are_unverified_because_the_term_tables_were_not_read(catalogue):
    assert all(not p.provenance.verified for p in catalogue.language.phrases)


def test_the_missing_regulations_and_factors_are_present_and_marked(catalogue):
    for number in (11, 12, 13, 14, 15, 33, 34, 35):
        reg = catalogue.regulation(f"sa2023.r{number}")
        assert reg.items and not reg.provenance.verified
        assert "not" in reg.provenance.note and "read" in reg.provenance.note
    assert catalogue.has_item("sa2023.r17.schedule-1")
    assert catalogue.has_item("sa2023.r17.hosts-and-households")
    staff = {i.id for i in catalogue.checklist("staff-files").items}
    assert {"staff.schedule-1-complete", "staff.host-household-checks"} <= staff
    other = next(i for i in catalogue.checklist("records-and-notifications").items
                 if i.id == "records.other-notifications")
    assert other.regulations == ["sa2023.r33", "sa2023.r34", "sa2023.r35"]
    cse = {i.id: i for i in catalogue.checklist("cse-indicators").items}
    for factor in ("cse.vuln.sexuality-unsafe", "cse.vuln.family-sex-work"):
        assert cse[factor].indicator_type == "vulnerability"
        assert "DfE" in cse[factor].provenance.source


def test_reg_29_is_about_registered_persons_and_offending_does_not_cite_it(catalogue):
    offending = next(i for i in catalogue.checklist("cse-indicators").items
                     if i.id == "cse.sign.offending")
    assert not any(r.startswith("sa2023.r29") for r in offending.regulations)
    reg29 = catalogue.regulation("sa2023.r29")
    assert not reg29.provenance.verified
    records = next(i for i in catalogue.checklist("records-and-notifications").items
                   if i.id == "records.reg29-offences")
    assert "provider" in records.title.lower() or "provider" in " ".join(
        records.prompts.look_for).lower()


# --- lint: timescales and their basis -------------------------------------------------------

def test_every_timescale_says_whether_law_or_guidance_sets_it(catalogue):
    for _kind, ident, _, item in everything(catalogue):
        for t in getattr(item, "timescales", []):
            assert t.basis in ("regulation", "guidance"), ident
            assert t.source, ident
        if getattr(item, "timescale_hours", None):
            assert any(t.hours == item.timescale_hours for t in item.timescales), ident


TIME_LIMIT = re.compile(r"within \d+ (hours|days)|every (six|\d+) months|once every|"
                        r"immediately|without delay", re.I)


def test_an_item_whose_title_names_a_time_limit_says_what_sets_it(catalogue):
    items = list(catalogue.items()) + [i for c in catalogue.checklists for i in c.items]
    for item in items:
        if TIME_LIMIT.search(item.title):
            assert item.timescales, f"{item.id}: '{item.title}' has no timescales with a basis"


def test_the_model_refuses_a_deadline_without_its_basis():
    base = {"id": "x.y", "title": "t", "provenance": {"source": "s", "verified": False,
                                                     "note": "n"}}
    with pytest.raises(ValueError, match="basis"):
        ChecklistItem.model_validate({**base, "timescale_hours": 24})
    ok = ChecklistItem.model_validate({**base, "timescale_hours": 24, "timescales": [
        {"says": "where possible within 24 hours", "hours": 24, "basis": "guidance",
         "source": "Ofsted"}]})
    assert ok.timescales[0].basis == "guidance"


def _reg27_content(catalogue):
    yield from catalogue.regulation("sa2023.r27").items
    yield from (i for i in catalogue.checklist("records-and-notifications").items
                if i.id.startswith("records.reg27"))


def test_reg_27_does_not_present_ofsteds_24_hours_as_the_law(catalogue):
    for item in _reg27_content(catalogue):
        title = item.title.lower()
        if "24 hours" in title:
            assert "guidance" in title, item.id  # "Ofsted's guidance: where possible..."
        for t in item.timescales:
            if t.hours == 24:
                assert t.basis == "guidance" and "where possible" in t.says, item.id
        if any(t.hours == 24 for t in item.timescales):
            assert any(t.basis == "regulation" and t.says == "without delay"
                       for t in item.timescales), item.id
    death = catalogue.item("sa2023.r27.death")
    assert [(t.says, t.basis) for t in death.timescales] == [("immediately", "regulation")]


def test_reg_27_content_expects_no_updates_except_a_concluded_enquiry(catalogue):
    for item in _reg27_content(catalogue):
        text = " ".join(item.prompts.look_for + item.prompts.good_looks_like).lower()
        assert not re.search(r"follow-up updates|updates as the picture|reported later", text)
    summary = catalogue.regulation("sa2023.r27").summary
    assert "no updates" in summary and "child protection enquiry has concluded" in summary


def test_the_return_home_interview_is_the_placing_authoritys_offer(catalogue):
    rhi = next(i for i in catalogue.checklist("missing-episodes").items
               if i.id == "missing.rhi-within-72h")
    assert "placing authority" in rhi.title and "offered" in rhi.title
    assert [(t.hours, t.basis) for t in rhi.timescales] == [(72, "guidance")]
    assert "decline" in " ".join(rhi.prompts.look_for)


def test_pregnancy_and_stis_are_signs_needing_an_enquiry_and_harm_needs_abuse(catalogue):
    cse = {i.id: i for i in catalogue.checklist("cse-indicators").items}
    for sign in ("cse.sign.sti", "cse.sign.pregnancy"):
        assert cse[sign].indicator_type == "warning_sign" and cse[sign].safeguarding_enquiry
    for harm in ("cse.harm.repeat-sti", "cse.harm.pregnancy-termination"):
        assert cse[harm].indicator_type == "evidence_of_harm"
        assert "known or suspected" in cse[harm].title
    assert set(enquiry_items(catalogue)) == {"cse.sign.sti", "cse.sign.pregnancy"}
    purpose = " ".join(catalogue.checklist("cse-indicators").purpose.split())
    assert "generally seen in children who are already being sexually exploited" in purpose


def test_a_content_folder_with_a_verified_fact_and_no_citation_is_refused(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(standards_dir(), root / "standards")
    shutil.copytree(checklists_dir(), root / "checklists")
    target = root / "standards" / "sa-2023" / "r05-protection.yaml"
    text = target.read_text()
    first = text.index("      cited:")
    target.write_text(text[:first] + text[text.index("\n", first) + 1:])
    with pytest.raises(ContentError) as err:
        load_catalogue(root / "standards" / "sa-2023", root / "checklists")
    assert any("r05-protection.yaml" in str(p) and "cited" in p.message
               for p in err.value.problems)


# --- validate --strict ----------------------------------------------------------------------

def test_validate_counts_unverified_content_and_strict_lists_every_piece(capsys, catalogue):
    plain = run_cli(capsys, "standards", "validate")
    unverified = catalogue.unverified()
    assert plain.returncode == 0
    assert f"{len(unverified)} unverified (--strict lists them)" in plain.stdout
    strict = run_cli(capsys, "standards", "validate", "--strict")
    assert strict.returncode == 3
    lines = [line for line in strict.stdout.splitlines() if line.startswith("unverified ")]
    assert len(lines) == len(unverified)
    assert any(line.startswith("unverified item sa2023.r17.fitness-requirements: ")
               for line in lines)
    assert any(line.startswith("unverified phrase risky-behaviour: ") for line in lines)
    assert not any(" sa2023.r5.2.f.ii:" in line for line in lines)
    helped = run_cli(capsys, "standards", "validate", "--help")
    assert "--strict" in helped.stdout and "exit 3" in " ".join(helped.stdout.split())


def test_strict_passes_content_with_nothing_unverified(capsys, tmp_path):
    """Exit 3 means 'valid, but unverified': a folder where every fact is read exits 0."""
    root = tmp_path / "content"
    shutil.copytree(standards_dir(), root / "standards")
    shutil.copytree(checklists_dir(), root / "checklists")
    for path in list((root / "standards").rglob("*.yaml")) + list(
            (root / "checklists").glob("*.yaml")):
        text = path.read_text()
        text = re.sub(r"verified: false\n(\s+)note:", r"verified: true\n\1cited: 'test'\n\1note:",
                      text)
        path.write_text(text)
    result = run_cli(capsys, "standards", "validate", "--strict", str(root))
    assert result.returncode == 0, result.stdout
    assert "; 0 unverified" in result.stdout


# --- the corrected rules, table by table ----------------------------------------------------

@pytest.fixture(scope="module")
def types(catalogue):
    return indicator_types(catalogue)


@pytest.fixture(scope="module")
def enquiry(catalogue):
    return enquiry_items(catalogue)


def rec(*present, classification=None, reason="", note="", episodes=(), notes=()):
    return CseRecord(
        young_person_id="yp1", indicators={i: {"answer": "present"} for i in present},
        classification=classification, override_reason=reason, risk_management_note=note,
        missing_episodes=[{"id": f"e{n}", **e} for n, e in enumerate(episodes)],
        notifications=[{"id": f"n{n}", **x} for n, x in enumerate(notes)])


SIGN, HARM, STI, PREGNANCY = ("cse.sign.unexplained-gifts", "cse.harm.missing-with-adults",
                              "cse.sign.sti", "cse.sign.pregnancy")
# present, chosen, reason -> needs a reason, explanation mentions
SIGN_CASES = [
    ((SIGN,), "heightened_risk", "", True, "generally seen in children who are already"),
    ((SIGN,), "heightened_risk", "Gifts from her aunt, seen by staff", False, None),
    ((SIGN,), "experiencing_exploitation", "", False, None),
    ((STI,), "heightened_risk", "", True, "generally seen in children who are already"),
    ((), "heightened_risk", "", False, None),           # no sign: choosing higher is free
    ((SIGN,), "no_known_concerns", "", True, "Give the reason"),
    ((HARM,), "heightened_risk", "", True, "IICSA"),    # the IICSA rule is kept
]


@pytest.mark.parametrize("present, chosen, reason, needs, says", SIGN_CASES)
def test_a_warning_sign_never_supports_merely_at_risk_without_a_reason(
        types, present, chosen, reason, needs, says):
    advice = classification_rule(rec(*present, classification=chosen, reason=reason), types)
    assert advice.needs_reason is needs
    if says:
        assert says in advice.explanation


REFERRAL = {"kind": "child_protection_enquiry", "made_at": "2026-11-03 09:00"}
# present, notifications -> problem kinds among cse_no_enquiry / cse_no_referral
ENQUIRY_CASES = [
    ((STI,), (), ["cse_no_enquiry"]),
    ((PREGNANCY,), (), ["cse_no_enquiry"]),
    ((STI, PREGNANCY), (), ["cse_no_enquiry"]),            # one line for both
    ((STI,), (REFERRAL,), []),
    ((STI,), ({"kind": "police", "made_at": "2026-11-03 09:00"},), []),
    ((STI,), ({"kind": "lado", "made_at": "2026-11-03 09:00"},), ["cse_no_enquiry"]),
    ((STI,), ({"kind": "police"},), ["cse_no_enquiry"]),  # not yet made
    ((SIGN,), (), []),                                     # other signs ask for no enquiry
    ((STI, HARM), (), ["cse_no_referral"]),                # harm: the harm line, not both
]


@pytest.mark.parametrize("present, notes, kinds", ENQUIRY_CASES)
def test_pregnancy_or_an_sti_needs_a_safeguarding_enquiry(types, enquiry, present, notes,
                                                          kinds):
    record = rec(*present, classification="experiencing_exploitation", note="plan",
                 notes=notes)
    found = [p for p in record_problems(record, "YP-01", types, AS_OF, "cse:yp1",
                                        enquiry=enquiry)
             if p.kind in ("cse_no_enquiry", "cse_no_referral")]
    assert [p.kind for p in found] == kinds
    if kinds == ["cse_no_enquiry"]:
        assert "not by itself evidence of exploitation" in found[0].message


BACK = "2026-11-02 07:00"
EP = {"went_missing_at": "2026-11-01 21:00", "returned_at": BACK}
# episode fields -> problem kind (or None) and what the line must say
RHI_CASES = [
    ("held on time", {"rhi_held_at": "2026-11-04 10:00"}, None, None),
    ("held late", {"rhi_held_at": "2026-11-05 08:00"}, "cse_rhi_late", "held 73 hours"),
    ("not offered", {}, "cse_rhi_not_offered", "placing authority's duty is to offer"),
    ("offered, not held", {"rhi_offered_at": "2026-11-02 10:00"}, "cse_rhi_not_held",
     "no record that the young person declined"),
    ("declined after a timely offer", {"rhi_offered_at": "2026-11-02 10:00",
                                       "rhi_declined": "yes"}, None, None),
    ("declined, offer time unknown", {"rhi_declined": "yes"}, None, None),
    ("offered late, declined", {"rhi_offered_at": "2026-11-06 10:00", "rhi_declined": "yes"},
     "cse_rhi_late", "offered 99 hours after the return, later than 72 hours; the young "
                     "person declined it"),
    ("still within 72 hours", {"returned_at": "2026-11-19 08:00",
                               "went_missing_at": "2026-11-19 01:00"}, None, None),
]


@pytest.mark.parametrize("name, fields, kind, says", RHI_CASES, ids=[c[0] for c in RHI_CASES])
def test_return_home_interview_not_offered_declined_or_late(types, name, fields, kind, says):
    record = rec(episodes=({**EP, **fields},))
    problems = [p for p in record_problems(record, "YP-01", types, AS_OF, "cse:yp1")
                if p.kind.startswith("cse_rhi")]
    assert [p.kind for p in problems] == ([kind] if kind else [])
    if says:
        assert says in problems[0].message
    if kind in ("cse_rhi_late", "cse_rhi_not_offered"):
        assert "provider's is to tell the authority of the return and cooperate" in (
            problems[0].message)


# The same cases as counted by the statistics the report and the export print:
# (due, held on time, declined). Declined after a timely offer is not due and not late.
RHI_COUNTS = {
    "held on time": (1, 1, 0), "held late": (1, 0, 0), "not offered": (1, 0, 0),
    "offered, not held": (1, 0, 0), "declined after a timely offer": (0, 0, 1),
    "declined, offer time unknown": (0, 0, 1), "offered late, declined": (1, 0, 0),
    "still within 72 hours": (0, 0, 0),
}


@pytest.mark.parametrize("name, fields", [(c[0], c[1]) for c in RHI_CASES],
                         ids=[c[0] for c in RHI_CASES])
def test_statistics_count_a_declined_interview_apart_from_late_ones(types, name, fields):
    doc = InspectionDocument(
        id="i1", content_edition="sa-2023.1", type="full", start_date=date(2026, 11, 18),
        end_date=date(2026, 11, 20), lead_inspector="Sam",
        provider={"name": "P", "urn": "SC123456"},
        young_people=[{"id": "yp1", "case_code": "YP-01"}],
        cse=[{"young_person_id": "yp1", "missing_episodes": [{"id": "e1", **EP, **fields}]}])
    values = cse_counts([doc], types).values
    assert (values["rhi_due"], values["rhi_on_time"], values["rhi_declined"]) == (
        RHI_COUNTS[name])
    # The check and the counts agree: a line is raised exactly when an interview is due
    # and was not held on time.
    late = [p for p in record_problems(doc.cse[0], "YP-01", types, AS_OF, "cse:yp1")
            if p.kind.startswith("cse_rhi")]
    assert bool(late) == (values["rhi_due"] > values["rhi_on_time"])


def test_late_reg_27_names_ofsteds_guidance_not_the_law(types):
    record = rec(HARM, classification="experiencing_exploitation", note="plan", notes=(
        {"kind": "reg27_ofsted", "event_at": "2026-11-02 07:00", "made_at": "2026-11-03 09:00"},
        REFERRAL))
    late = [p for p in record_problems(record, "YP-01", types, AS_OF, "cse:yp1")
            if p.kind == "cse_late_notification"]
    assert len(late) == 1
    assert "later than Ofsted's guidance of 24 hours" in late[0].message
    assert "without delay" in late[0].message and "expected within" not in late[0].message


def _doc(category: int | None, premises_category: int | None, **cse) -> InspectionDocument:
    premises = ([{"id": "p1", "label": "Flat block", "category": premises_category}]
                if premises_category else [])
    person = {"id": "yp1", "case_code": "YP-01", "category": category,
              "premises_id": "p1" if premises_category else None}
    return InspectionDocument(
        id="i1", content_edition="sa-2023.1", type="full", start_date=date(2026, 11, 18),
        end_date=date(2026, 11, 19), lead_inspector="Sam",
        provider={"name": "P", "urn": "SC123456"}, premises=premises,
        young_people=[person], cse=[{"young_person_id": "yp1", **cse}])


HARM_RECORD = {"indicators": {HARM: {"answer": "present"}},
               "classification": "experiencing_exploitation"}
# person's category, premises' category, record -> kind
PLACEMENT_CASES = [
    ("experienced CSE, category 3, no plan", 3, None, HARM_RECORD, "cse_iicsa_placement"),
    ("premises category 3 wins", 2, 3, HARM_RECORD, "cse_iicsa_placement"),
    ("category 2", 2, None, HARM_RECORD, "cse_no_risk_plan"),
    ("supported lodgings", 4, None, HARM_RECORD, "cse_no_risk_plan"),
    ("category not known", None, None, HARM_RECORD, "cse_no_risk_plan"),
    ("category 3 with a risk plan", 3, None,
     {**HARM_RECORD, "risk_management_note": "Waking night staff; no adult visitors."}, None),
    ("category 3, heightened risk only", 3, None,
     {"indicators": {SIGN: {"answer": "present"}}, "classification": "heightened_risk",
      "override_reason": "explained"}, "cse_no_risk_plan"),
]


@pytest.mark.parametrize("name, category, premises, record, kind", PLACEMENT_CASES,
                         ids=[c[0] for c in PLACEMENT_CASES])
def test_the_iicsa_placement_check_names_the_placement(catalogue, name, category, premises,
                                                      record, kind):
    problems = [p for p in cse_problems(_doc(category, premises, **record), catalogue)
                if p.kind in ("cse_iicsa_placement", "cse_no_risk_plan")]
    assert [p.kind for p in problems] == ([kind] if kind else [])
    if kind == "cse_iicsa_placement":
        message = problems[0].message
        assert "category 3 accommodation (shared with others" in message
        assert "IICSA (2022) recommended" in message and "not law" in message
        assert problems[0].where == "cse:yp1"


# --- language: one or two words between the parts ------------------------------------------

LANGUAGE_CASES = [
    ("Her risky behaviour worries staff.", ["risky-behaviour"]),
    ("Her risky sexual behaviour worries staff.", ["risky-behaviour"]),
    ("His risky online sexual behaviour worries staff.", ["risky-behaviour"]),
    ("Risky roads near the flat, poor lighting and his behaviour.", []),  # three words: no
    ("The road is risky. Behaviour support is in place.", []),  # a full stop ends it
    ("She is involved in CSE.", ["involved-in-cse"]),
    ("She was sending explicit pictures.", ["sending-explicit-pictures"]),
    ("He refused to engage.", ["refuses-to-engage"]),
    ("She is making her own choices.", ["making-own-choices"]),
    ("She was associating the smell with the fire.", []),  # max_gap 0 for this phrase
]


@pytest.mark.parametrize("text, phrases", LANGUAGE_CASES)
def test_phrases_tolerate_one_or_two_words_between_their_parts(catalogue, text, phrases):
    matcher = LanguageMatcher(catalogue.language.phrases)
    assert [f.phrase_id for f in matcher.find_flags(text) if not f.ask_only] == phrases


ASK_CASES = [
    ("The plan says she is at risk of CSE.", "at-risk-of-cse"),
    ("She has been spending time with older men.", "spending-time-with"),
    ("Staff said it is a relationship.", "it-is-a-relationship"),
    ("The health plan says he is sexually active.", "sexually-active"),
]


@pytest.mark.parametrize("text, phrase", ASK_CASES)
def test_question_phrases_ask_rather_than_correct(catalogue, text, phrase):
    flags = LanguageMatcher(catalogue.language.phrases).find_flags(text)
    assert [(f.phrase_id, f.ask_only) for f in flags] == [(phrase, True)]


def test_show_gives_each_time_limit_with_what_sets_it(capsys):
    shown = run_cli(capsys, "standards", "show", "sa2023.r27.exploitation")
    assert shown.returncode == 0
    assert "Time limit: without delay (regulation: " in shown.stdout
    assert "Time limit: where possible within 24 hours (guidance: Ofsted" in shown.stdout
    assert "[verified: read at gov.uk/guidance/report-a-serious-incident" in shown.stdout
    unread = run_cli(capsys, "standards", "show", "sa2023.r17.schedule-1")
    assert "[NOT verified] (Schedule 1 has not been read" in unread.stdout
