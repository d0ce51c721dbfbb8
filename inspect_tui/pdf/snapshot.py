"""The report snapshot: everything the renderer needs, resolved to display text, frozen.

The service layer builds it (:func:`build_snapshot`) from an :class:`InspectionDocument`, the
catalogue of the edition the inspection was made with, and the report definition. The renderer
gets nothing else: no database, no catalogue. An audience's omissions are applied here, so text
a provider must not see is never in the provider's snapshot, let alone its PDF.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..catalogue import Catalogue
from ..domain.models import InspectionDocument
from ..domain.vocab import (
    ACCOMMODATION_CATEGORIES,
    CHECK_ANSWERS,
    DISABILITY,
    ETHNICITIES,
    FINDING_STATUSES,
    INSPECTION_STATUSES,
    INSPECTION_TYPES,
    LEGAL_STATUSES,
    SEXES,
)
from .cse_snapshot import CseTracking, build_cse_tracking
from .definition import ReportDefinition, Section, Wording

SNAPSHOT_VERSION = 1
Status = Literal["not_assessed", "met", "partly_met", "not_met"]
INVARIANT_TIME = datetime(2000, 1, 1, tzinfo=UTC)
CSE_CHECKLIST = "cse-indicators"
INDICATOR_TYPES = {"vulnerability": "Vulnerability", "warning_sign": "Warning sign",
                   "evidence_of_harm": "Evidence of harm"}
REVIEW_ACTIONS = {"submit": "Submitted", "approve": "Approved", "return": "Returned",
                  "comment": "Comment", "reopen": "Reopened as draft"}


class Snap(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cover(Snap):
    provider_name: str
    urn: str
    categories: list[str]
    inspection_type: str
    start_date: str
    end_date: str
    dates: str
    lead_inspector: str
    team: list[str]
    status: str
    status_label: str
    final: bool


class OutcomeInfo(Snap):
    judgement: str | None = None
    label: str | None = None
    rank: int | None = None
    standard_sentence: str = ""
    next_inspection: str = ""


class StandardCount(Snap):
    id: str
    regulation: str
    title: str
    counts: dict[Status, int]


class ActionRow(Snap):
    regulation: str
    regulation_title: str
    text: str
    due_date: str = ""
    guide_ref: str = ""


class ThemeText(Snap):
    id: str
    title: str
    text: str


class FindingRow(Snap):
    item_id: str
    ref: str
    title: str
    status: Status
    status_label: str
    note: str
    sources: list[str]
    premises: list[str]
    case_codes: list[str]
    cse_relevant: bool
    verified: bool


class StandardFindings(Snap):
    id: str
    regulation: str
    title: str
    group: str
    findings: list[FindingRow]


class YoungPersonRow(Snap):
    case_code: str
    premises: str
    age: str = ""
    sex: str = ""
    ethnicity: str = ""
    disability: str = ""
    legal_status: str = ""
    note: str = ""
    indicator_counts: dict[str, int] = Field(default_factory=dict)
    linked_findings: int = 0


class IndicatorRow(Snap):
    case_code: str
    indicator_type: str
    title: str
    answer: str
    note: str = ""


class CseInfo(Snap):
    young_people: list[YoungPersonRow]
    indicators: list[IndicatorRow]
    findings: list[FindingRow]
    cse_items_total: int
    cse_items_assessed: int
    tracking: CseTracking = Field(default_factory=CseTracking)  # CSE case tracking


class PremisesRow(Snap):
    label: str
    category: str
    local_authority: str
    sampled: bool


class AboutInfo(Snap):
    inspection_id: str
    inspection_type: str
    dates: str
    lead_inspector: str
    team: list[str]
    premises: list[PremisesRow]
    young_people_tracked: int
    evidence_sources: list[tuple[str, int]]
    items_assessed: int
    items_total: int


class ChecklistCompletion(Snap):
    id: str
    title: str
    applies_to: str
    subjects: int
    expected: int
    answered: int
    yes: int
    no: int
    not_applicable: int


class ReviewRow(Snap):
    action: str
    by: str
    role: str
    at: str
    comment: str = ""


class DocumentControl(Snap):
    report_version: str
    content_edition: str
    generated_at: str
    digest: str
    open_conflicts: int
    review: list[ReviewRow]
    approved_by: str = ""
    approved_at: str = ""


class ReportSnapshot(Snap):
    """One report for one audience, as of one moment. The renderer's only input."""

    snapshot_version: Literal[1] = SNAPSHOT_VERSION
    title: str
    subject: str
    author: str
    handling_marking: str
    handling_note: str
    audience: str
    audience_label: str
    omitted: list[str]
    watermark: Literal["DRAFT", "FINAL"]
    sections: list[Section]
    wording: Wording
    cover: Cover
    outcome: OutcomeInfo
    summary: list[StandardCount]
    requirements: list[ActionRow]
    recommendations: list[ActionRow]
    themes: list[ThemeText]
    standards: list[StandardFindings]
    cse: CseInfo
    about: AboutInfo
    checklists: list[ChecklistCompletion]
    document_control: DocumentControl


# --- helpers ---------------------------------------------------------------------------------

def inspection_digest(doc: InspectionDocument) -> str:
    """SHA-256 of the inspection's canonical content: sorted-key compact JSON, UTF-8.

    The review history, status and archive flag are left out, so approving changes nothing
    here and a FINAL report shows the digest of the draft the manager read.
    """
    data = doc.model_dump(mode="json", exclude={"status", "review", "archived"})
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def long_time(value: str | datetime) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return f"{value.day} {value:%B %Y}, {value:%H:%M} UTC"


def add_months(value: date, months: int) -> date:
    month = value.month - 1 + months
    year, month = value.year + month // 12, month % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31,
            30, 31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(value.day, days))


def _regulation_ref(catalogue: Catalogue, ref: str) -> tuple[str, str]:
    """A display reference ("Reg 5(2)(f)(ii)") and title for an item, regulation or check."""
    if catalogue.has_item(ref):
        item = catalogue.item(ref)
        return f"Reg {item.regulation}", item.title
    try:
        reg = catalogue.regulation(ref)
        return f"Reg {reg.regulation}", reg.title
    except KeyError:
        pass
    try:
        check = catalogue.checklist_item(ref)
        return ref, check.title
    except KeyError:
        return ref, ""


# --- the builder -----------------------------------------------------------------------------

def build_snapshot(doc: InspectionDocument, catalogue: Catalogue, definition: ReportDefinition,
                   *, audience: str = "manager", open_conflicts: int = 0,
                   generated_at: datetime | None = None,
                   invariant: bool = False) -> ReportSnapshot:
    aud = definition.audience(audience)
    omit = set(aud.omit)
    generated = INVARIANT_TIME if invariant else (generated_at or datetime.now(UTC))
    premises_label = {p.id: p.label for p in doc.premises}
    case_code = {y.id: y.case_code for y in doc.young_people}
    final = doc.status == "approved"
    dates = long_date(doc.start_date) if doc.start_date == doc.end_date else (
        f"{long_date(doc.start_date)} to {long_date(doc.end_date)}")

    cover = Cover(
        provider_name=doc.provider.name, urn=doc.provider.urn,
        categories=[f"{c}: {ACCOMMODATION_CATEGORIES[c]}" for c in doc.provider.categories],
        inspection_type=INSPECTION_TYPES.get(doc.type, doc.type),
        start_date=long_date(doc.start_date), end_date=long_date(doc.end_date), dates=dates,
        lead_inspector=doc.lead_inspector, team=list(doc.team), status=doc.status,
        status_label=("Approved" if final else "Draft") if "review_workflow" in omit
        else INSPECTION_STATUSES.get(doc.status, doc.status), final=final)

    outcome = OutcomeInfo()
    if doc.outcome.judgement:
        try:
            o = catalogue.outcome(doc.outcome.judgement)
        except KeyError:
            outcome = OutcomeInfo(judgement=doc.outcome.judgement, label=doc.outcome.judgement)
        else:
            due = add_months(doc.end_date, o.next_inspection_months)
            outcome = OutcomeInfo(
                judgement=o.id, label=o.label, rank=o.rank,
                standard_sentence=o.standard_sentence,
                next_inspection=definition.wording.next_inspection.format(
                    months=o.next_inspection_months, due=f"{due:%B %Y}"))

    findings = {f.item_id: f for f in doc.findings}

    def finding_row(item) -> FindingRow:
        f = findings.get(item.id)
        status = f.status if f else "not_assessed"
        return FindingRow(
            item_id=item.id, ref=item.regulation, title=item.title, status=status,
            status_label=FINDING_STATUSES[status], note=f.note if f else "",
            sources=[catalogue.evidence_label(s) for s in (f.sources if f else [])],
            premises=[premises_label[p] for p in (f.premises if f else [])
                      if p in premises_label],
            case_codes=sorted(case_code[y] for y in (f.young_people if f else [])
                              if y in case_code),
            cse_relevant=item.cse_relevant, verified=item.provenance.verified)

    standards: list[StandardFindings] = []
    summary: list[StandardCount] = []
    for reg in catalogue.regulations:
        rows = [finding_row(item) for item in reg.items]
        standards.append(StandardFindings(id=reg.id, regulation=reg.regulation, title=reg.title,
                                          group=reg.group, findings=rows))
        counts = Counter(r.status for r in rows)
        summary.append(StandardCount(
            id=reg.id, regulation=reg.regulation, title=reg.title,
            counts={s: counts.get(s, 0) for s in FINDING_STATUSES}))

    requirements, recommendations = [], []
    for action in doc.actions:
        ref, title = _regulation_ref(catalogue, action.regulation)
        row = ActionRow(regulation=ref, regulation_title=title, text=action.text,
                        due_date=long_date(action.due_date) if action.due_date else "",
                        guide_ref=action.guide_ref)
        (requirements if action.kind == "requirement" else recommendations).append(row)

    themes = [ThemeText(id=t.id, title=t.title, text=doc.outcome.rationale.get(t.id, ""))
              for t in catalogue.themes.themes]

    # --- CSE and safeguarding ---
    try:
        cse_list = catalogue.checklist(CSE_CHECKLIST)
        cse_items = {i.id: i for i in cse_list.items}
    except KeyError:
        cse_items = {}
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
    # Indicators answered on the CSE & safeguarding screen (domain/cse.py), once per child.
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
    type_order = list(INDICATOR_TYPES.values())
    indicators.sort(key=lambda r: (r.case_code, type_order.index(r.indicator_type)
                                   if r.indicator_type in type_order else 9, r.title))
    linked = Counter(y for f in doc.findings for y in f.young_people)
    people = []
    for y in doc.young_people:
        demographics = "young_person_demographics" not in omit
        people.append(YoungPersonRow(
            case_code=y.case_code,
            premises=premises_label.get(y.premises_id or "", "") or "Not recorded",
            age=str(y.age) if demographics and y.age is not None else "",
            sex=SEXES[y.sex] if demographics else "",
            ethnicity=ETHNICITIES.get(y.ethnicity, y.ethnicity) if demographics else "",
            disability=DISABILITY[y.disability] if demographics else "",
            legal_status=LEGAL_STATUSES[y.legal_status] if demographics else "",
            note="" if "young_person_notes" in omit else y.note,
            indicator_counts={label: per_person[y.id].get(key, 0)
                              for key, label in INDICATOR_TYPES.items()},
            linked_findings=linked.get(y.id, 0)))
    cse_rows = [r for s in standards for r in s.findings if r.cse_relevant]
    cse = CseInfo(young_people=people, indicators=indicators,
                  findings=[r for r in cse_rows if r.status != "not_assessed"],
                  cse_items_total=len(cse_rows),
                  cse_items_assessed=sum(1 for r in cse_rows if r.status != "not_assessed"),
                  tracking=build_cse_tracking(doc, catalogue, omit))

    # --- about ---
    sources = Counter(s for f in doc.findings for s in f.sources)
    items_total = sum(len(s.findings) for s in standards)
    about = AboutInfo(
        inspection_id=doc.id, inspection_type=cover.inspection_type, dates=dates,
        lead_inspector=doc.lead_inspector, team=list(doc.team),
        premises=[PremisesRow(label=p.label,
                              category=f"{p.category}: {ACCOMMODATION_CATEGORIES[p.category]}",
                              local_authority=p.local_authority, sampled=p.sampled)
                  for p in doc.premises],
        young_people_tracked=len(doc.young_people),
        evidence_sources=sorted(((catalogue.evidence_label(s), n) for s, n in sources.items()),
                                key=lambda pair: (-pair[1], pair[0])),
        items_assessed=sum(1 for s in standards for r in s.findings
                           if r.status != "not_assessed"),
        items_total=items_total)

    # --- checklist completion ---
    completion = []
    sampled = [p.id for p in doc.premises if p.sampled]
    for checklist in catalogue.checklists:
        ids = {i.id for i in checklist.items}
        answers = [c for c in doc.checks if c.item_id in ids]
        if checklist.applies_to == "inspection":
            subjects = 1
        elif checklist.applies_to == "premises":
            subjects = len(sampled)
        elif checklist.applies_to == "young_person":
            subjects = len(doc.young_people)
        else:
            subjects = len({c.subject for c in answers})
        tally = Counter(c.answer for c in answers)
        completion.append(ChecklistCompletion(
            id=checklist.id, title=checklist.title, applies_to=checklist.applies_to,
            subjects=subjects, expected=subjects * len(ids),
            answered=sum(n for a, n in tally.items() if a != "not_checked"),
            yes=tally.get("yes", 0), no=tally.get("no", 0),
            not_applicable=tally.get("not_applicable", 0)))

    # --- document control ---
    review = [ReviewRow(action=REVIEW_ACTIONS.get(e.action, e.action), by=e.by, role=e.role,
                        at=long_time(e.at),
                        comment="" if "review_comments" in omit else e.comment)
              for e in doc.review
              if not ("review_workflow" in omit and e.action in ("comment", "return", "reopen"))
              and not ("review_comments" in omit and e.action == "comment")]
    submissions = sum(1 for e in doc.review if e.action == "submit")
    approvals = [e for e in doc.review if e.action == "approve"]
    if final:
        version = f"{submissions} (FINAL)"
    elif submissions and doc.status == "submitted":
        version = f"{submissions} (submitted, awaiting approval)"
    else:
        version = f"{submissions + 1} (DRAFT, in preparation)"
    control = DocumentControl(
        report_version=version, content_edition=doc.content_edition,
        generated_at=long_time(generated), digest=inspection_digest(doc),
        open_conflicts=open_conflicts, review=review,
        approved_by=approvals[-1].by if final and approvals else "",
        approved_at=long_time(approvals[-1].at) if final and approvals else "")

    sections = [s for s in definition.sections if s.id not in aud.omit_sections]
    return ReportSnapshot(
        title=f"{definition.title}: {doc.provider.name}",
        subject=definition.subject, author=doc.lead_inspector or definition.author,
        handling_marking=definition.handling_marking, handling_note=definition.handling_note,
        audience=audience, audience_label=aud.label, omitted=sorted(omit),
        watermark="FINAL" if final else "DRAFT", sections=sections,
        wording=definition.wording, cover=cover, outcome=outcome, summary=summary,
        requirements=requirements, recommendations=recommendations, themes=themes,
        standards=standards, cse=cse, about=about, checklists=completion,
        document_control=control)
