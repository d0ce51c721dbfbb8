"""CSE and language lines of the review list. Pure rules over an InspectionDocument.

Each check names the young person by case code only, and points ``where`` at
``cse:<young person id>`` (their CSE & safeguarding screen), or at the item, action or
rationale that holds flagged text.
"""

from __future__ import annotations

from datetime import datetime

from ...catalogue import Catalogue
from ..language import Flag, matcher_for
from ..models import InspectionDocument
from ..problems import Problem
from ..time import elapsed, shown, shown_duration
from ..vocab import ACCOMMODATION_CATEGORIES
from .models import (
    CLASSIFICATIONS,
    NOTIFY_WITHIN,
    REFERRAL_KINDS,
    CseRecord,
    MissingEpisode,
)
from .rules import (
    classification_rule,
    deadlines_as_of,
    effective_records,
    indicator_types_from,
)

PLACEMENT_ITEM = "sa2023.r5.2.f.ii"
# Short labels of the problem kinds, for the review list.
KIND_LABELS = {
    "cse_harm_not_recognised": "Harm as risk",
    "cse_classification_reason": "No reason",
    "cse_no_classification": "Not classified",
    "cse_no_notification": "No reg 27",
    "cse_no_referral": "No referral",
    "cse_late_notification": "Late reg 27",
    "cse_notification_no_event_time": "Reg 27 event time",
    "cse_missing_incomplete": "Missing record",
    "cse_rhi_late": "Interview late",
    "cse_rhi_not_offered": "No interview offer",
    "cse_rhi_not_held": "Interview not held",
    "cse_no_enquiry": "No enquiry",
    "cse_no_risk_plan": "No risk plan",
    "cse_iicsa_placement": "Shared placement",
    "cse_no_requirement": "No requirement",
    "language": "Language",
    "language_ask": "Language: ask",
}
INDICATOR_CHECKLIST = "cse-indicators"
# A reg 27 notification with the time it was made but not the time of the event.
NO_EVENT_TIME = ("the time of the event it notifies is not recorded, so whether it was "
                 "made within Ofsted's guidance of 24 hours cannot be judged (the "
                 "regulation: without delay)")
SHARED_WITH_OTHERS = 3  # category 3: shared with people who are not looked after or care leavers
# Whose duty the return home interview is (DfE 2014 statutory guidance).
RHI_DUTY = ("the placing authority's duty is to offer one within 72 hours; the provider's is "
            "to tell the authority of the return and cooperate")
IICSA_PLACEMENT = (
    "IICSA (2022) recommended that children who have experienced, or are at heightened risk "
    "of, sexual exploitation are not placed in semi-independent or independent settings (a "
    "recommendation, not law): record how this placement manages the risk, or why it was "
    "chosen")
# One place for each fact: a CSE indicator is answered in the young person's CSE record
# only. Answers on the generic checklist written before this rule are still read (see
# ``rules.with_checklist_answers``); no new one is written.
INDICATOR_ELSEWHERE = ("CSE indicators are recorded in each young person's CSE record "
                       "(CSE & safeguarding: young people, then c), the one place they are "
                       "kept")


def indicator_types(catalogue: Catalogue) -> dict[str, str]:
    try:
        return indicator_types_from(catalogue.checklist(INDICATOR_CHECKLIST).items)
    except KeyError:
        return {}


def enquiry_items(catalogue: Catalogue) -> dict[str, str]:
    """Indicators that call for a safeguarding enquiry though they are not by themselves
    evidence of exploitation (pregnancy, an STI at 16-17), id -> title."""
    try:
        items = catalogue.checklist(INDICATOR_CHECKLIST).items
    except KeyError:
        return {}
    return {i.id: i.title.split(" (")[0] for i in items if i.safeguarding_enquiry}


def _rhi_problem(episode: MissingEpisode, who: str, where: str,
                 as_of: datetime) -> Problem | None:
    """An episode whose 72 hours have run out without an interview held in time: not
    offered, offered but not held, or held (or offered) late. Declined after a timely offer
    is the young person's right, not a failing."""
    outcome = episode.rhi_outcome(as_of)
    if outcome in (None, "on_time", "declined"):
        return None
    start = f"missing episode of {episode.went_missing_at:%d %b %Y}"
    back = episode.returned_at
    assert back is not None
    if outcome == "late" and episode.rhi_held_at is not None:
        return Problem(
            "cse_rhi_late",
            f"{who} {start}: return home interview held {shown_duration(episode.rhi_delay)} "
            f"after the return, later than 72 hours ({RHI_DUTY})", where)
    offered = episode.rhi_offered_at
    if outcome == "late":
        assert offered is not None
        declined = "; the young person declined it" if episode.rhi_declined == "yes" else ""
        return Problem(
            "cse_rhi_late",
            f"{who} {start}: return home interview offered "
            f"{shown_duration(elapsed(back, offered))} after the return, later than 72 hours"
            f"{declined} ({RHI_DUTY})", where)
    if outcome == "not_held":
        return Problem(
            "cse_rhi_not_held",
            f"{who} {start}: return home interview offered but not held, and no record that "
            "the young person declined; record which, and what the provider did to help it "
            "happen", where)
    return Problem(
        "cse_rhi_not_offered",
        f"{who} {start}: no return home interview offered within 72 hours of the return "
        f"({RHI_DUTY}); check that the provider told the authority and chased the offer",
        where)


def record_problems(record: CseRecord, case_code: str, types: dict[str, str],
                    as_of: datetime, where: str, category: int | None = None,
                    enquiry: dict[str, str] | None = None) -> list[Problem]:
    """Problems in one young person's CSE record. ``as_of``: when interviews fall due;
    ``category``: the category of their accommodation, if known; ``enquiry``: the
    indicators that call for a safeguarding enquiry (see :func:`enquiry_items`)."""
    problems: list[Problem] = []
    who = f"{case_code}:"
    advice = classification_rule(record, types)

    if advice.needs_reason:
        chosen = CLASSIFICATIONS[advice.chosen]  # type: ignore[index]
        if advice.iicsa:
            problems.append(Problem(
                "cse_harm_not_recognised",
                f"{who} evidence of harm is recorded but the classification is '{chosen}' with "
                "no reason given (IICSA: never record harm as merely 'at risk')", where))
        elif advice.chosen == advice.suggested:
            problems.append(Problem(
                "cse_classification_reason",
                f"{who} '{chosen}' rests on warning signs with no reason given: the signs are "
                "generally seen in children already being exploited (2012 checklist), so "
                "record what was found out", where))
        else:
            problems.append(Problem(
                "cse_classification_reason",
                f"{who} classified '{chosen}' below what the warning signs suggest "
                f"('{CLASSIFICATIONS[advice.suggested]}') with no reason given", where))
    if record.classification is None and advice.suggested != "no_known_concerns":
        problems.append(Problem(
            "cse_no_classification",
            f"{who} the indicators suggest '{CLASSIFICATIONS[advice.suggested]}' but no "
            "classification is chosen", where))

    if advice.harm:
        reg27 = [n for n in record.notifications_of("reg27_ofsted") if n.made_at]
        if not reg27:
            undated = bool(record.notifications_of("reg27_ofsted"))
            problems.append(Problem(
                "cse_no_notification",
                f"{who} evidence of harm but no reg 27 notification to Ofsted "
                + ("has a date it was made" if undated else "is recorded"), where))
    referrals = [n for n in record.notifications if n.kind in REFERRAL_KINDS and n.made_at]
    if advice.harm:
        if not referrals:
            problems.append(Problem(
                "cse_no_referral",
                f"{who} evidence of harm but no referral to the police, the accommodating "
                "authority or a child protection enquiry is recorded", where))
    elif not referrals:
        signs = [title for item, title in (enquiry or {}).items() if item in record.present()]
        if signs:
            problems.append(Problem(
                "cse_no_enquiry",
                f"{who} {' and '.join(s.lower() for s in signs)} recorded: at 16 or 17 not by "
                "itself evidence of exploitation, but it needs a safeguarding enquiry (who the "
                "other person is, their age, whether there is abuse); no referral or child "
                "protection enquiry is recorded", where))

    for n in record.notifications_of("reg27_ofsted"):
        if n.made_at is not None and n.event_at is None:
            problems.append(Problem(
                "cse_notification_no_event_time",
                f"{who} reg 27 notification made {shown(n.made_at)}: {NO_EVENT_TIME}; "
                "record when the event happened or came to the provider's attention", where))
        if n.delay is not None and n.delay > NOTIFY_WITHIN:
            problems.append(Problem(
                "cse_late_notification",
                f"{who} reg 27 notification made {shown_duration(n.delay)} after the event "
                f"({shown(n.event_at)}), later than Ofsted's guidance of 24 hours (the "
                "regulation: without delay)", where))

    for episode in record.missing_episodes:
        if episode.went_missing_at is None or episode.returned_at is None:
            what = "when they went missing" if episode.went_missing_at is None else "the return"
            problems.append(Problem(
                "cse_missing_incomplete",
                f"{who} a missing episode does not record {what}, so the return home "
                "interview cannot be checked", where))
            continue
        problem = _rhi_problem(episode, who, where, as_of)
        if problem is not None:
            problems.append(problem)

    if (advice.effective in ("heightened_risk", "experiencing_exploitation")
            and not record.risk_management_note.strip()):
        label = CLASSIFICATIONS[advice.effective].lower()
        if advice.effective == "experiencing_exploitation" and category == SHARED_WITH_OTHERS:
            placement = ACCOMMODATION_CATEGORIES[SHARED_WITH_OTHERS].lower()
            problems.append(Problem(
                "cse_iicsa_placement",
                f"{who} {label}, placed in category 3 accommodation ({placement}: not only "
                "with other looked-after children or care leavers), and how the placement "
                f"manages the risk is not recorded. {IICSA_PLACEMENT}", where))
        else:
            problems.append(Problem(
                "cse_no_risk_plan",
                f"{who} {label}, but how the placement manages the risk is not recorded",
                where))
    return problems


def cse_problems(doc: InspectionDocument, catalogue: Catalogue) -> list[Problem]:
    problems: list[Problem] = []
    types = indicator_types(catalogue)
    enquiry = enquiry_items(catalogue)
    as_of = deadlines_as_of(doc)
    for record in effective_records(doc, types):
        person = doc.young_person(record.young_person_id)
        if person is None:
            continue
        premises = doc.premises_by_id(person.premises_id) if person.premises_id else None
        category = premises.category if premises is not None else person.category
        problems += record_problems(record, person.case_code, types, as_of,
                                    f"cse:{person.id}", category=category, enquiry=enquiry)
    problems += placement_requirement_problems(doc, catalogue)
    problems += language_problems(doc, catalogue)
    return problems


def placement_requirement_problems(doc: InspectionDocument, catalogue: Catalogue
                                   ) -> list[Problem]:
    """"Not met" on reg 5(2)(f)(ii) needs a requirement (a recommendation is not enough)."""
    if not catalogue.has_item(PLACEMENT_ITEM):
        return []
    if doc.finding(PLACEMENT_ITEM).status != "not_met":
        return []
    regulation = catalogue.regulation_of(PLACEMENT_ITEM).id
    if any(a.kind == "requirement" and a.regulation in (PLACEMENT_ITEM, regulation)
           for a in doc.actions):
        return []
    item = catalogue.item(PLACEMENT_ITEM)
    return [Problem("cse_no_requirement",
                    f"{item.regulation} {item.title}: not met without a requirement",
                    f"item:{PLACEMENT_ITEM}")]


def _describe(flag: Flag, place: str) -> str:
    alternative = flag.alternative.split(". ")[0].rstrip(".")
    if flag.ask_only:
        return f'"{flag.text}" in {place}: ask whether this hides abuse. {alternative}'
    return f'"{flag.text}" in {place}: victim-blaming language. {alternative}'


def language_problems(doc: InspectionDocument, catalogue: Catalogue) -> list[Problem]:
    """Unquoted phrases from the language list in the inspector's own free text."""
    matcher = matcher_for(catalogue.language)
    texts: list[tuple[str, str, str]] = []
    for finding in doc.findings:
        label = (catalogue.item(finding.item_id).regulation
                 if catalogue.has_item(finding.item_id) else finding.item_id)
        texts.append((finding.note, f"the evidence note for {label}", f"item:{finding.item_id}"))
    for theme_id, text in doc.outcome.rationale.items():
        titles = {t.id: t.title for t in catalogue.themes.themes}
        texts.append((text, f"the evaluation of '{titles.get(theme_id, theme_id)}'",
                      f"rationale:{theme_id}"))
    for action in doc.actions:
        texts.append((action.text, f"the {action.kind} on {action.regulation}",
                      f"action:{action.id}"))
    codes = {y.id: y.case_code for y in doc.young_people}
    for check in doc.checks:
        subject = codes.get(check.subject, "")
        place = f"the checklist note on {check.item_id}" + (f" for {subject}" if subject else "")
        texts.append((check.note, place, f"item:{check.item_id}"))
    for person in doc.young_people:
        texts.append((person.note, f"the note on young person {person.case_code}",
                      f"young_person:{person.id}"))
    for record in doc.cse:
        person = doc.young_person(record.young_person_id)
        code = person.case_code if person else record.young_person_id
        where = f"cse:{record.young_person_id}"
        texts.append((record.risk_management_note, f"the risk-management note for {code}", where))
        texts.append((record.override_reason, f"the classification reason for {code}", where))
    problems: list[Problem] = []
    for text, place, where in texts:
        for flag in matcher.find_flags(text):
            kind = "language_ask" if flag.ask_only else "language"
            problems.append(Problem(kind, _describe(flag, place), where))
    return problems
