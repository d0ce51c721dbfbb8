"""CSE and language lines of the review list. Pure rules over an InspectionDocument.

Each check names the young person by case code only, and points ``where`` at
``cse:<young person id>`` (their CSE & safeguarding screen), or at the item, action or
rationale that holds flagged text.
"""

from __future__ import annotations

from datetime import datetime, time

from ...catalogue import Catalogue
from ..language import Flag, matcher_for
from ..models import InspectionDocument
from ..problems import Problem
from .models import (
    CLASSIFICATIONS,
    NOTIFY_WITHIN,
    REFERRAL_KINDS,
    CseRecord,
)
from .rules import classification_rule, effective_records, indicator_types_from

PLACEMENT_ITEM = "sa2023.r5.2.f.ii"
# Short labels of the problem kinds, for the review list.
KIND_LABELS = {
    "cse_harm_not_recognised": "Harm as risk",
    "cse_classification_reason": "No reason",
    "cse_no_classification": "Not classified",
    "cse_no_notification": "No reg 27",
    "cse_no_referral": "No referral",
    "cse_late_notification": "Late reg 27",
    "cse_missing_incomplete": "Missing record",
    "cse_rhi_late": "Interview late",
    "cse_no_risk_plan": "No risk plan",
    "cse_no_requirement": "No requirement",
    "language": "Language",
    "language_ask": "Language: ask",
}
INDICATOR_CHECKLIST = "cse-indicators"
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


def _hours(delta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} hours" if hours >= 2 else f"{hours:.1f} hours"


def record_problems(record: CseRecord, case_code: str, types: dict[str, str],
                    as_of: datetime, where: str) -> list[Problem]:
    """Problems in one young person's CSE record. ``as_of``: when interviews fall due."""
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
        if not referrals:
            problems.append(Problem(
                "cse_no_referral",
                f"{who} evidence of harm but no referral to the police, the accommodating "
                "authority or a child protection enquiry is recorded", where))

    for n in record.notifications_of("reg27_ofsted"):
        if n.delay is not None and n.delay > NOTIFY_WITHIN:
            problems.append(Problem(
                "cse_late_notification",
                f"{who} reg 27 notification made {_hours(n.delay)} after the event "
                f"({n.event_at:%d %b %Y %H:%M}); expected within 24 hours", where))

    for episode in record.missing_episodes:
        if episode.went_missing_at is None or episode.returned_at is None:
            what = "when they went missing" if episode.went_missing_at is None else "the return"
            problems.append(Problem(
                "cse_missing_incomplete",
                f"{who} a missing episode does not record {what}, so the return home "
                "interview cannot be checked", where))
            continue
        on_time = episode.rhi_on_time(as_of)
        if on_time is False:
            start = f"{episode.went_missing_at:%d %b %Y}"
            if episode.rhi_held_at is None:
                detail = "no return home interview held"
            else:
                detail = (f"return home interview held "
                          f"{_hours(episode.rhi_held_at - episode.returned_at)} after return")
            problems.append(Problem(
                "cse_rhi_late",
                f"{who} missing episode of {start}: {detail}; expected within 72 hours",
                where))

    if (advice.effective in ("heightened_risk", "experiencing_exploitation")
            and not record.risk_management_note.strip()):
        label = CLASSIFICATIONS[advice.effective].lower()
        problems.append(Problem(
            "cse_no_risk_plan",
            f"{who} {label}, but how the placement manages the risk is not recorded", where))
    return problems


def cse_problems(doc: InspectionDocument, catalogue: Catalogue) -> list[Problem]:
    problems: list[Problem] = []
    types = indicator_types(catalogue)
    as_of = datetime.combine(doc.end_date, time.max)
    for record in effective_records(doc, types):
        person = doc.young_person(record.young_person_id)
        if person is None:
            continue
        problems += record_problems(record, person.case_code, types, as_of,
                                    f"cse:{person.id}")
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
