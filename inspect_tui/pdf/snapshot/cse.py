"""Child sexual exploitation and safeguarding, as the copy may show it.

Counts come from :mod:`inspect_tui.domain.cse.statistics` and are released through
:func:`inspect_tui.domain.disclosure.protect` in a copy that leaves the organisation (the
provider's): there, nothing is listed by case code, and every count is shown or hidden so
that no hidden one can be worked out. The manager's copy adds the young people one by one.
"""

from __future__ import annotations

from collections import Counter

from ...domain.cse.checks import NO_EVENT_TIME, indicator_types, language_problems
from ...domain.cse.models import CLASSIFICATIONS, NOTIFICATION_KINDS, REFERRAL_KINDS
from ...domain.cse.rules import (
    classification_rule,
    deadlines_as_of,
    effective_records,
    is_override,
)
from ...domain.cse.statistics import cse_counts
from ...domain.disclosure import NOTE, Release, protect
from ...domain.time import shown_duration
from ...domain.vocab import CHECK_ANSWERS, DISABILITY, ETHNICITIES, LEGAL_STATUSES, SEXES
from .base import Context, Snap, long_date

CSE_CHECKLIST = "cse-indicators"
INDICATOR_TYPES = {"vulnerability": "Vulnerability", "warning_sign": "Warning sign",
                   "evidence_of_harm": "Evidence of harm"}


class CountRow(Snap):
    label: str
    count: str


class CountTableView(Snap):
    title: str
    rows: list[CountRow]
    total: CountRow | None = None
    withheld: bool = False  # its total is hidden: no breakdown is shown at all


class YoungPersonRow(Snap):
    case_code: str
    premises: str
    age: str = ""
    sex: str = ""
    ethnicity: str = ""
    disability: str = ""
    legal_status: str = ""
    note: str = ""
    indicator_counts: dict[str, int]
    linked_findings: int = 0


class IndicatorRow(Snap):
    case_code: str
    indicator_type: str
    title: str
    answer: str
    note: str = ""


class PersonTracking(Snap):
    case_code: str
    classification: str
    suggested: str
    missing: str
    notified: str
    referred: str


class OverrideRow(Snap):
    case_code: str
    chosen: str
    suggested: str
    reason: str
    evidence_of_harm: bool


class NotificationRow(Snap):
    case_code: str
    kind: str
    timeliness: str


class CseInfo(Snap):
    by_child: bool                      # the manager's copy: young people one by one
    young_people_count: str             # every young person in the inspection
    tracked: str
    young_people: list[YoungPersonRow]
    indicators: list[IndicatorRow]
    people: list[PersonTracking]
    overrides: list[OverrideRow]
    notifications: list[NotificationRow]
    language_included: bool
    language: list[str]
    classification: CountTableView
    indicator_counts: CountTableView
    core_tables: list[CountTableView]
    counts: dict[str, str]              # single counts (statistics.SINGLE_COUNTS keys)
    count_labels: dict[str, str]
    rhi_summary: str
    suppressed: bool
    suppression_note: str


def _view(release: Release, table) -> CountTableView:
    if table.total and table.total in release.hidden:
        return CountTableView(title=table.title, rows=[], withheld=True,
                              total=CountRow(label=table.total_label, count="*"))
    rows = [CountRow(label=label, count=release.text(key)) for key, label in table.rows]
    total = (CountRow(label=table.total_label, count=release.text(table.total))
             if table.total else None)
    return CountTableView(title=table.title, rows=rows, total=total)


def build_cse(ctx: Context) -> CseInfo:
    doc, catalogue, omit = ctx.doc, ctx.catalogue, ctx.omit
    types = indicator_types(catalogue)
    try:
        cse_items = {i.id: i for i in catalogue.checklist(CSE_CHECKLIST).items}
    except KeyError:
        cse_items = {}
    counts = cse_counts([doc], types, {i: item.title for i, item in cse_items.items()})
    release = counts.release(protected=ctx.leaves)
    by_child = not ctx.leaves
    core = [_view(release, t) for t in counts.tables
            if t.id not in ("classification", "indicators")]
    rhi_due, rhi_on_time = release.shown("rhi_due"), release.shown("rhi_on_time")
    if rhi_due == 0:
        rhi_summary = "none due"
    elif rhi_due is None or rhi_on_time is None:
        rhi_summary = f"{release.text('rhi_on_time')} of {release.text('rhi_due')}"
    else:
        rhi_summary = f"{rhi_on_time} of {rhi_due} ({round(100 * rhi_on_time / rhi_due)}%)"
    language_included = "young_person_notes" not in omit
    person_rows = _by_child(ctx, types, cse_items) if by_child else ([], [], [], [], [])
    everyone = {"young_people": len(doc.young_people)}
    everyone_text = protect(everyone, []).text("young_people") \
        if ctx.leaves else str(everyone["young_people"])
    return CseInfo(
        by_child=by_child, young_people_count=everyone_text, tracked=release.text("tracked"),
        young_people=person_rows[0], indicators=person_rows[1], people=person_rows[2],
        overrides=person_rows[3], notifications=person_rows[4],
        language_included=language_included,
        language=[p.message for p in language_problems(doc, catalogue)]
        if language_included else [],
        classification=_view(release, counts.table("classification")),
        indicator_counts=_view(release, counts.table("indicators")),
        core_tables=core,
        counts={k: release.text(k) for k in counts.labels}, count_labels=counts.labels,
        rhi_summary=rhi_summary, suppressed=release.protected,
        suppression_note=NOTE if release.protected else "")


def _missing_summary(outcomes: list[str | None]) -> str:
    """One young person's missing episodes: how many, and how their interviews stand."""
    if not outcomes:
        return "none"
    declined = outcomes.count("declined")
    text = f"{len(outcomes)} ({outcomes.count('on_time')} interviews on time"
    return text + (f", {declined} declined)" if declined else ")")


def _by_child(ctx: Context, types: dict[str, str], cse_items: dict) -> tuple[list, ...]:
    """The young people one by one, by case code (the manager's copy only)."""
    doc, catalogue, omit, case_code = ctx.doc, ctx.catalogue, ctx.omit, ctx.case_code
    indicators: list[IndicatorRow] = []
    per_person: dict[str, Counter] = {y.id: Counter() for y in doc.young_people}
    for check in doc.checks:
        item = cse_items.get(check.item_id)
        if item is None or check.subject not in case_code or check.answer == "not_checked":
            continue
        if check.answer == "yes":
            per_person[check.subject][item.indicator_type or ""] += 1
        if check.answer == "yes" or (check.note and "check_notes" not in omit):
            indicators.append(IndicatorRow(
                case_code=case_code[check.subject],
                indicator_type=INDICATOR_TYPES.get(item.indicator_type or "", ""),
                title=item.title, answer=CHECK_ANSWERS[check.answer],
                note="" if "check_notes" in omit else check.note))
    # Indicators answered on the CSE & safeguarding screen, once per child.
    answered_yes = {(c.subject, c.item_id) for c in doc.checks if c.answer == "yes"}
    for record in doc.cse:
        for item_id, answer in record.indicators.items():
            item = cse_items.get(item_id)
            if (item is None or record.young_person_id not in case_code
                    or answer.answer != "present"
                    or (record.young_person_id, item_id) in answered_yes):
                continue
            per_person[record.young_person_id][item.indicator_type or ""] += 1
            noted = f"Noted {long_date(answer.noted_on)}" if answer.noted_on else ""
            source = catalogue.evidence_label(answer.source) if answer.source else ""
            indicators.append(IndicatorRow(
                case_code=case_code[record.young_person_id],
                indicator_type=INDICATOR_TYPES.get(item.indicator_type or "", ""),
                title=item.title, answer="Present",
                note="" if "check_notes" in omit else "; ".join(x for x in (noted, source) if x)))
    order = list(INDICATOR_TYPES.values())
    indicators.sort(key=lambda r: (r.case_code, order.index(r.indicator_type)
                                   if r.indicator_type in order else 9, r.title))
    linked = Counter(y for f in doc.findings for y in f.young_people)
    young_people = [YoungPersonRow(
        case_code=y.case_code,
        premises=ctx.premises_label.get(y.premises_id or "", "") or "Not recorded",
        age=str(y.age) if y.age is not None else "", sex=SEXES[y.sex],
        ethnicity=ETHNICITIES.get(y.ethnicity, y.ethnicity), disability=DISABILITY[y.disability],
        legal_status=LEGAL_STATUSES[y.legal_status],
        note="" if "young_person_notes" in omit else y.note,
        indicator_counts={label: per_person[y.id].get(key, 0)
                          for key, label in INDICATOR_TYPES.items()},
        linked_findings=linked.get(y.id, 0)) for y in doc.young_people]

    as_of = deadlines_as_of(doc)
    people, overrides, notes = [], [], []
    for record in sorted(effective_records(doc, types),
                         key=lambda r: case_code.get(r.young_person_id, "")):
        code = case_code.get(record.young_person_id)
        if code is None:
            continue
        advice = classification_rule(record, types)
        rhi = [e.rhi_outcome(as_of) for e in record.missing_episodes]
        reg27 = [x for x in record.notifications_of("reg27_ofsted") if x.made_at]
        for x in record.notifications:
            if x.kind == "reg27_ofsted":
                timeliness = ("not made" if not x.made_at else f"made: {NO_EVENT_TIME}"
                              if x.within_24h is None else "within 24 hours" if x.within_24h
                              else f"{shown_duration(x.delay)}: later than Ofsted's "
                              "guidance of 24 hours")
            else:
                timeliness = "made" if x.made_at else "not made"
            notes.append(NotificationRow(case_code=code, kind=NOTIFICATION_KINDS[x.kind],
                                         timeliness=timeliness))
        referred = any(x.made_at for x in record.notifications if x.kind in REFERRAL_KINDS)
        people.append(PersonTracking(
            case_code=code,
            classification=CLASSIFICATIONS[record.classification] if record.classification
            else "Not yet classified",
            suggested=CLASSIFICATIONS[advice.suggested],
            missing=_missing_summary(rhi),
            notified="yes" if reg27 else ("NO, evidence of harm" if advice.harm else "no"),
            referred="yes" if referred else ("NO, evidence of harm" if advice.harm else "no")))
        if is_override(record, types):
            overrides.append(OverrideRow(
                case_code=code,
                chosen=CLASSIFICATIONS[record.classification],  # type: ignore[index]
                suggested=CLASSIFICATIONS[advice.suggested],
                reason=record.override_reason.strip() or "NO REASON RECORDED",
                evidence_of_harm=bool(advice.harm)))
    return young_people, indicators, people, overrides, notes
