"""The CSE case-tracking part of the report snapshot: numbers per classification, indicator
counts, missing episodes and return home interviews, notification timeliness, overrides with
their reasons, language flags outstanding, and the core data set summary.

Pure: an InspectionDocument and the catalogue in, plain strings and numbers out. Audience rules
are applied here so the renderer never sees what an audience must not:
- language flags are inspector-internal: left out where ``young_person_notes`` is omitted;
- in the core data set summary, counts of 1 to 4 are shown as ``*`` where
  ``young_person_demographics`` is omitted (the provider copy), so no child can be singled out.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time

from pydantic import BaseModel, ConfigDict, Field

from ..catalogue import Catalogue
from ..domain.cse.checks import indicator_types, language_problems
from ..domain.cse.models import (
    AGE_BANDS,
    CLASSIFICATIONS,
    NOTIFICATION_KINDS,
    PERPETRATOR_SEXES,
    REFERRAL_KINDS,
    YES_NO,
)
from ..domain.cse.rules import classification_rule, effective_records, is_override
from ..domain.models import InspectionDocument
from ..domain.vocab import DISABILITY, ETHNICITY_GROUPS, SEXES

SUPPRESSED = "*"
SUPPRESSION_NOTE = ("* 1 to 4: small numbers are not shown in this copy, so that no young "
                    "person can be identified.")
TYPE_LABELS = {"vulnerability": "Vulnerability", "warning_sign": "Warning sign",
               "evidence_of_harm": "Evidence of harm"}
INCLUDED = ("heightened_risk", "experiencing_exploitation")


class _Snap(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CountRow(_Snap):
    label: str
    count: str


class IndicatorCount(_Snap):
    indicator_type: str
    title: str
    young_people: int


class PersonTracking(_Snap):
    case_code: str
    classification: str
    suggested: str
    missing: str
    notified: str
    referred: str


class OverrideRow(_Snap):
    case_code: str
    chosen: str
    suggested: str
    reason: str
    evidence_of_harm: bool


class LanguageRow(_Snap):
    text: str  # the review-list message; never the internal ``where`` (it holds ids)


class NotificationRow(_Snap):
    case_code: str
    kind: str
    timeliness: str


class CseTracking(_Snap):
    tracked: int = 0
    classifications: list[CountRow] = Field(default_factory=list)
    indicators: list[IndicatorCount] = Field(default_factory=list)
    people: list[PersonTracking] = Field(default_factory=list)
    missing_episodes: int = 0
    missing_with_adults: int = 0
    rhi_due: int = 0
    rhi_on_time: int = 0
    rhi_summary: str = ""
    notifications: list[NotificationRow] = Field(default_factory=list)
    reg27_made: int = 0
    reg27_on_time: int = 0
    harm_without_reg27: list[str] = Field(default_factory=list)
    overrides: list[OverrideRow] = Field(default_factory=list)
    language_included: bool = True
    language: list[LanguageRow] = Field(default_factory=list)
    core_victims: str = "0"
    core_tables: dict[str, list[CountRow]] = Field(default_factory=dict)
    suppressed: bool = False
    suppression_note: str = ""


def _group(code: str) -> str:
    for group, entries in ETHNICITY_GROUPS.items():
        if any(c == code for c, _, _ in entries):
            return "Not known or declined" if group == "Not recorded" else group
    return code


def _percent(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole)}%)" if whole else "none due"


def build_cse_tracking(doc: InspectionDocument, catalogue: Catalogue,
                       omit: set[str] | frozenset[str]) -> CseTracking:
    types = indicator_types(catalogue)
    try:
        titles = {i.id: i.title for i in catalogue.checklist("cse-indicators").items}
    except KeyError:
        titles = {}
    as_of = datetime.combine(doc.end_date, time.max)
    suppress = "young_person_demographics" in omit

    def n(count: int) -> str:
        return SUPPRESSED if suppress and 1 <= count <= 4 else str(count)

    classes: Counter[str] = Counter()
    indicator_people: Counter[str] = Counter()
    people, overrides, notes, harm_unnotified = [], [], [], []
    episodes = with_adults = due = on_time = reg27_made = reg27_on_time = 0
    victims = []
    codes = {y.id: y.case_code for y in doc.young_people}
    for record in sorted(effective_records(doc, types),
                         key=lambda r: codes.get(r.young_person_id, "")):
        person = doc.young_person(record.young_person_id)
        if person is None:
            continue
        advice = classification_rule(record, types)
        classes[record.classification or "not_classified"] += 1
        for item_id in set(record.present()):
            indicator_people[item_id] += 1
        rhi = [e.rhi_on_time(as_of) for e in record.missing_episodes]
        episodes += len(rhi)
        with_adults += sum(e.adults_involved for e in record.missing_episodes)
        due += sum(1 for r in rhi if r is not None)
        on_time += sum(1 for r in rhi if r is True)
        reg27 = [x for x in record.notifications_of("reg27_ofsted") if x.made_at]
        reg27_made += len(reg27)
        reg27_on_time += sum(1 for x in reg27 if x.within_24h)
        if advice.harm and not reg27:
            harm_unnotified.append(person.case_code)
        for x in record.notifications:
            if x.kind == "reg27_ofsted":
                timeliness = ("not made" if not x.made_at else "event time not recorded"
                              if x.within_24h is None else "within 24 hours" if x.within_24h
                              else f"late: {x.delay.total_seconds() / 3600:.0f} hours")
            else:
                timeliness = "made" if x.made_at else "not made"
            notes.append(NotificationRow(case_code=person.case_code,
                                         kind=NOTIFICATION_KINDS[x.kind], timeliness=timeliness))
        referred = any(x.made_at for x in record.notifications if x.kind in REFERRAL_KINDS)
        people.append(PersonTracking(
            case_code=person.case_code,
            classification=CLASSIFICATIONS[record.classification] if record.classification
            else "Not yet classified",
            suggested=CLASSIFICATIONS[advice.suggested],
            missing=(f"{len(rhi)} ({sum(1 for r in rhi if r is True)} interviews on time)"
                     if rhi else "none"),
            notified="yes" if reg27 else ("NO, evidence of harm" if advice.harm else "no"),
            referred="yes" if referred else ("NO, evidence of harm" if advice.harm else "no")))
        if is_override(record, types):
            overrides.append(OverrideRow(
                case_code=person.case_code,
                chosen=CLASSIFICATIONS[record.classification],  # type: ignore[index]
                suggested=CLASSIFICATIONS[advice.suggested],
                reason=record.override_reason.strip() or "NO REASON RECORDED",
                evidence_of_harm=bool(advice.harm)))
        if advice.effective in INCLUDED:
            victims.append((person, record))

    classifications = [CountRow(label=label, count=str(classes.get(key, 0)))
                       for key, label in CLASSIFICATIONS.items()]
    if classes.get("not_classified"):
        classifications.append(CountRow(label="Not yet classified",
                                        count=str(classes["not_classified"])))
    order = list(TYPE_LABELS)
    indicators = sorted(
        (IndicatorCount(indicator_type=TYPE_LABELS.get(types.get(i, ""), ""),
                        title=titles.get(i, i), young_people=c)
         for i, c in indicator_people.items()),
        key=lambda r: (order.index(next((k for k, v in TYPE_LABELS.items()
                                         if v == r.indicator_type), order[0])), r.title))

    language_included = "young_person_notes" not in omit
    language = ([LanguageRow(text=p.message)
                 for p in language_problems(doc, catalogue)] if language_included else [])

    def table(counter: Counter[str], labels: dict[str, str] | None = None) -> list[CountRow]:
        keys = list(labels) if labels else sorted(counter)
        return [CountRow(label=(labels or {}).get(k, k), count=n(counter.get(k, 0)))
                for k in keys if counter.get(k, 0) or labels]

    perps = [p for _, r in victims for p in r.perpetrators.perpetrators]
    core = {
        "Victims by sex": table(Counter(p.sex for p, _ in victims), SEXES),
        "Victims by age": table(Counter(str(p.age) if p.age else "Not known"
                                        for p, _ in victims)),
        "Victims by ethnic group (ONS 2021)": table(Counter(_group(p.ethnicity)
                                                           for p, _ in victims)),
        "Victims by disability": table(Counter(p.disability for p, _ in victims), DISABILITY),
        "Suspected perpetrators by sex": table(Counter(p.sex for p in perps), PERPETRATOR_SEXES),
        "Suspected perpetrators by age band": table(Counter(p.age_band for p in perps),
                                                    AGE_BANDS),
        "Suspected perpetrators by ethnic group": table(Counter(_group(p.ethnicity)
                                                                for p in perps)),
        "Perpetrators acting with others": table(
            Counter(r.perpetrators.acting_with_others for _, r in victims
                    if not r.perpetrators.empty), YES_NO),
    }
    return CseTracking(
        tracked=len(people), classifications=classifications, indicators=indicators,
        people=people, missing_episodes=episodes, missing_with_adults=with_adults,
        rhi_due=due, rhi_on_time=on_time, rhi_summary=_percent(on_time, due),
        notifications=notes, reg27_made=reg27_made, reg27_on_time=reg27_on_time,
        harm_without_reg27=harm_unnotified, overrides=overrides,
        language_included=language_included, language=language,
        core_victims=n(len(victims)), core_tables=core, suppressed=suppress,
        suppression_note=SUPPRESSION_NOTE if suppress else "")
