"""Table-driven tests of the IICSA classification rule and every CSE check,
including the cases that must NOT be flagged."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from inspect_tui.domain.cse.checks import (
    cse_problems,
    indicator_types,
    placement_requirement_problems,
    record_problems,
)
from inspect_tui.domain.cse.models import CseRecord
from inspect_tui.domain.cse.rules import classification_rule
from inspect_tui.domain.models import InspectionDocument

HARM = "cse.harm.repeat-sti"
SIGN = "cse.sign.unexplained-gifts"
VULN = "cse.vuln.in-care"
AS_OF = datetime(2026, 11, 20, 23, 59)


def rec(*present, classification=None, reason="", note="", episodes=(), notes=(), **extra):
    return CseRecord(
        young_person_id="yp1",
        indicators={i: {"answer": "present"} for i in present},
        classification=classification, override_reason=reason, risk_management_note=note,
        missing_episodes=[{"id": f"e{n}", **e} for n, e in enumerate(episodes)],
        notifications=[{"id": f"n{n}", **x} for n, x in enumerate(notes)], **extra)


@pytest.fixture(scope="module")
def types(catalogue):
    return indicator_types(catalogue)


def test_indicator_types_cover_the_three_kinds(types):
    assert {"vulnerability", "warning_sign", "evidence_of_harm"} == set(types.values())
    assert types[HARM] == "evidence_of_harm" and types[SIGN] == "warning_sign"


WITH_ADULTS = {"went_missing_at": "2026-11-01 21:00", "returned_at": "2026-11-02 07:00",
               "with_adults": "yes"}
# present indicators, chosen, reason, episodes -> suggested, needs_reason, iicsa
RULE_CASES = [
    ((), None, "", (), "no_known_concerns", False, False),
    ((VULN,), "no_known_concerns", "", (), "no_known_concerns", False, False),
    ((SIGN,), None, "", (), "heightened_risk", False, False),
    # warning signs never support "merely at risk" by themselves: a reason is owed
    ((SIGN,), "heightened_risk", "", (), "heightened_risk", True, False),
    ((SIGN,), "heightened_risk", "gifts from her aunt, seen by staff", (), "heightened_risk",
     False, False),
    ((SIGN,), "no_known_concerns", "", (), "heightened_risk", True, False),
    ((SIGN,), "no_known_concerns", "gifts explained: birthday", (), "heightened_risk", False,
     False),
    ((SIGN,), "experiencing_exploitation", "", (), "heightened_risk", False, False),
    ((HARM,), "experiencing_exploitation", "", (), "experiencing_exploitation", False, False),
    # the IICSA rule: harm recorded, "heightened risk" chosen, no reason -> flagged
    ((HARM, SIGN), "heightened_risk", "", (), "experiencing_exploitation", True, True),
    ((HARM,), "heightened_risk", "   ", (), "experiencing_exploitation", True, True),
    ((HARM,), "no_known_concerns", "", (), "experiencing_exploitation", True, True),
    ((HARM,), "heightened_risk", "STI from a peer of the same age; health response only",
     (), "experiencing_exploitation", False, True),
    ((HARM,), None, "", (), "experiencing_exploitation", False, False),
    # a missing episode with adults is evidence of harm even before the indicator is ticked
    ((), "heightened_risk", "", (WITH_ADULTS,), "experiencing_exploitation", True, True),
    ((), "heightened_risk", "", ({**WITH_ADULTS, "with_adults": "no"},), "no_known_concerns",
     False, False),
]


@pytest.mark.parametrize("present, chosen, reason, episodes, suggested, needs, iicsa",
                         RULE_CASES)
def test_classification_rule(types, present, chosen, reason, episodes, suggested, needs, iicsa):
    advice = classification_rule(rec(*present, classification=chosen, reason=reason,
                                     episodes=episodes), types)
    assert advice.suggested == suggested
    assert advice.needs_reason is needs
    assert advice.iicsa is iicsa
    if iicsa:
        assert "IICSA" in advice.explanation and "at risk" in advice.explanation


def test_not_known_and_not_present_answers_do_not_count(types):
    record = CseRecord(young_person_id="yp1", indicators={
        HARM: {"answer": "not_known"}, SIGN: {"answer": "not_present"}})
    assert classification_rule(record, types).suggested == "no_known_concerns"


REG27_OK = {"kind": "reg27_ofsted", "event_at": "2026-11-02 07:00",
            "made_at": "2026-11-02 15:00"}
REFERRAL = {"kind": "accommodating_authority", "made_at": "2026-11-02 09:00"}
EP_OK = {"went_missing_at": "2026-11-01 21:00", "returned_at": "2026-11-02 07:00",
         "rhi_held_at": "2026-11-04 10:00"}
GOOD_HARM = dict(classification="experiencing_exploitation", note="Staff check in hourly.",
                 notes=(REG27_OK, REFERRAL))

# (name, record kwargs/present, expected problem kinds)
CHECK_CASES = [
    ("nothing recorded", rec(), []),
    ("vulnerability only", rec(VULN), []),
    ("harm handled well", rec(HARM, **GOOD_HARM), []),
    ("harm, no reg 27", rec(HARM, classification="experiencing_exploitation", note="x",
                            notes=(REFERRAL,)), ["cse_no_notification"]),
    ("harm, reg 27 without a date", rec(HARM, classification="experiencing_exploitation",
                                        note="x", notes=(REFERRAL, {"kind": "reg27_ofsted"})),
     ["cse_no_notification"]),
    ("harm, no referral", rec(HARM, classification="experiencing_exploitation", note="x",
                              notes=(REG27_OK,)), ["cse_no_referral"]),
    ("harm, only a LADO referral", rec(HARM, classification="experiencing_exploitation",
                                       note="x", notes=(REG27_OK, {"kind": "lado",
                                                                   "made_at": "2026-11-03 09:00"})),
     ["cse_no_referral"]),
    ("signs only need no notification", rec(SIGN, classification="heightened_risk", note="x",
                                            reason="explained"), []),
    ("reg 27 late", rec(HARM, **{**GOOD_HARM, "notes": (
        {**REG27_OK, "made_at": "2026-11-03 07:01"}, REFERRAL)}), ["cse_late_notification"]),
    ("reg 27 made, event time not recorded", rec(HARM, **{**GOOD_HARM, "notes": (
        {**REG27_OK, "event_at": None}, REFERRAL)}), ["cse_notification_no_event_time"]),
    ("reg 27 exactly 24 hours", rec(HARM, **{**GOOD_HARM, "notes": (
        {**REG27_OK, "made_at": "2026-11-03 07:00"}, REFERRAL)}), []),
    ("late police referral is not a reg 27",
     rec(SIGN, classification="heightened_risk", note="x", reason="explained",
         notes=({"kind": "police", "event_at": "2026-11-01 07:00",
                 "made_at": "2026-11-05 07:00"},)),
     []),
    ("interview on time", rec(episodes=(EP_OK,)), []),
    ("interview late", rec(episodes=({**EP_OK, "rhi_held_at": "2026-11-05 07:01"},)),
     ["cse_rhi_late"]),
    ("interview never offered", rec(episodes=({**EP_OK, "rhi_held_at": None},)),
     ["cse_rhi_not_offered"]),
    ("interview offered only", rec(episodes=({**EP_OK, "rhi_held_at": None,
                                              "rhi_offered_at": "2026-11-02 10:00"},)),
     ["cse_rhi_not_held"]),
    ("72 hours not yet passed", rec(episodes=({**EP_OK, "returned_at": "2026-11-19 08:00",
                                               "went_missing_at": "2026-11-19 01:00",
                                               "rhi_held_at": None},)), []),
    ("episode without a return", rec(episodes=({"went_missing_at": "2026-11-01 21:00"},)),
     ["cse_missing_incomplete"]),
    ("heightened risk, no risk note", rec(SIGN, classification="heightened_risk",
                                          reason="explained"), ["cse_no_risk_plan"]),
    ("suggested heightened risk, none chosen, no note", rec(SIGN),
     ["cse_no_classification", "cse_no_risk_plan"]),
    ("no known concerns needs no note", rec(classification="no_known_concerns"), []),
    ("IICSA: harm kept as heightened risk", rec(HARM, **{**GOOD_HARM,
                                                        "classification": "heightened_risk"}),
     ["cse_harm_not_recognised"]),
    ("IICSA override with a reason", rec(HARM, **{**GOOD_HARM, "classification":
                                                  "heightened_risk"}, reason="Peer, same age"),
     []),
    ("downgrade of signs without reason", rec(SIGN, classification="no_known_concerns"),
     ["cse_classification_reason"]),
    ("missing with adults, nothing done", rec(classification="experiencing_exploitation",
                                              note="x", episodes=({**EP_OK,
                                                                   "collected_by_adults": "yes"},)),
     ["cse_no_notification", "cse_no_referral"]),
]


@pytest.mark.parametrize("name, record, kinds", CHECK_CASES, ids=[c[0] for c in CHECK_CASES])
def test_record_checks(types, name, record, kinds):
    problems = record_problems(record, "YP-01", types, AS_OF, "young_person:yp1")
    assert sorted(p.kind for p in problems) == sorted(kinds)
    for p in problems:
        assert p.message.startswith("YP-01:") and p.where == "young_person:yp1"


def _doc(findings=(), actions=(), **extra) -> InspectionDocument:
    return InspectionDocument(
        id="i1", content_edition="sa-2023.1", type="full", start_date=date(2026, 11, 18),
        end_date=date(2026, 11, 19), lead_inspector="Sam",
        provider={"name": "P", "urn": "SC123456"},
        findings=list(findings), actions=list(actions), **extra)


NOT_MET = {"item_id": "sa2023.r5.2.f.ii", "status": "not_met", "note": "n"}
PLACEMENT_CASES = [
    ("met", [{**NOT_MET, "status": "met"}], [], False),
    ("not met, requirement", [NOT_MET], [{"id": "a", "kind": "requirement",
                                          "regulation": "sa2023.r5.2.f.ii", "text": "t"}], False),
    ("not met, requirement on reg 5", [NOT_MET], [{"id": "a", "kind": "requirement",
                                                   "regulation": "sa2023.r5", "text": "t"}], False),
    ("not met, recommendation only", [NOT_MET], [{"id": "a", "kind": "recommendation",
                                                  "regulation": "sa2023.r5.2.f.ii", "text": "t"}],
     True),
    ("not met, nothing", [NOT_MET], [], True),
    ("not met, requirement elsewhere", [NOT_MET], [{"id": "a", "kind": "requirement",
                                                    "regulation": "sa2023.r4.2.e", "text": "t"}],
     True),
]


@pytest.mark.parametrize("name, findings, actions, flagged", PLACEMENT_CASES,
                         ids=[c[0] for c in PLACEMENT_CASES])
def test_not_met_5_2_f_ii_needs_a_requirement(catalogue, name, findings, actions, flagged):
    problems = placement_requirement_problems(_doc(findings, actions), catalogue)
    assert bool(problems) is flagged
    if flagged:
        assert problems[0].where == "item:sa2023.r5.2.f.ii"


def test_language_flags_in_every_free_text_field(catalogue):
    doc = _doc(
        findings=[{"item_id": "sa2023.r5.2.f.ii", "status": "met",
                   "note": 'Records say "she is streetwise"; her risky sexual behaviour; '
                           'she is sexually active.'}],
        actions=[{"id": "a1", "kind": "recommendation", "regulation": "sa2023.r5",
                  "text": "Stop calling it a lifestyle choice."}],
        outcome={"rationale": {"help-and-protection": "Her boyfriend is 30."}},
        young_people=[{"id": "yp1", "case_code": "YP-01", "note": "Putting herself at risk."}],
        checks=[{"item_id": "missing.welfare-on-return", "subject": "yp1",
                 "answer": "no", "note": "Records say she chose to go missing."}],
        cse=[{"young_person_id": "yp1", "risk_management_note": "She is promiscuous."}])
    problems = [p for p in cse_problems(doc, catalogue) if p.kind.startswith("language")]
    assert {(p.kind, p.where) for p in problems} == {
        ("language", "item:sa2023.r5.2.f.ii"), ("language", "action:a1"),
        ("language_ask", "rationale:help-and-protection"), ("language", "cse:yp1"),
        ("language_ask", "item:sa2023.r5.2.f.ii"),
        ("language", "young_person:yp1"), ("language", "item:missing.welfare-on-return")}
    assert not any("streetwise" in p.message for p in problems)  # quoted


def test_review_list_includes_cse_checks(catalogue):
    from inspect_tui.domain.review import review_problems

    doc = _doc(young_people=[{"id": "yp1", "case_code": "YP-01"}],
               cse=[{"young_person_id": "yp1", "indicators": {HARM: {"answer": "present"}}}])
    kinds = {p.kind for p in review_problems(doc, catalogue)}
    assert {"cse_no_notification", "cse_no_referral", "cse_no_risk_plan",
            "cse_no_classification"} <= kinds

