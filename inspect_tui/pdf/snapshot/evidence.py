"""The annex of the inspector's evidence (the manager's copy only): counts of items by
status and standard, every item's status and evidence, the CSE-relevant items, and how
far each checklist was completed. Ofsted's judgement uses none of these counts, so they
stay out of the report proper."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from ...domain.cse.checks import INDICATOR_CHECKLIST
from ...domain.cse.rules import effective_records
from ...domain.vocab import FINDING_STATUSES
from .base import Context, Snap

Status = Literal["not_assessed", "met", "partly_met", "not_met"]


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


class StandardCount(Snap):
    id: str
    regulation: str
    title: str
    counts: dict[Status, int]


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


class EvidenceAnnex(Snap):
    summary: list[StandardCount]
    standards: list[StandardFindings]
    cse_findings: list[FindingRow]
    cse_items_total: int
    cse_items_assessed: int
    items_assessed: int
    items_total: int
    requirements: int
    recommendations: int
    checklists: list[ChecklistCompletion]


def finding_rows(ctx: Context) -> list[StandardFindings]:
    catalogue, findings = ctx.catalogue, {f.item_id: f for f in ctx.doc.findings}

    def row(item) -> FindingRow:
        f = findings.get(item.id)
        status = f.status if f else "not_assessed"
        return FindingRow(
            item_id=item.id, ref=item.regulation, title=item.title, status=status,
            status_label=FINDING_STATUSES[status], note=f.note if f else "",
            sources=[catalogue.evidence_label(s) for s in (f.sources if f else [])],
            premises=[ctx.premises_label[p] for p in (f.premises if f else [])
                      if p in ctx.premises_label],
            case_codes=sorted(ctx.case_code[y] for y in (f.young_people if f else [])
                              if y in ctx.case_code),
            cse_relevant=item.cse_relevant, verified=item.provenance.verified)

    return [StandardFindings(id=reg.id, regulation=reg.regulation, title=reg.title,
                             group=reg.group, findings=[row(i) for i in reg.items])
            for reg in catalogue.regulations]


def build_evidence(ctx: Context) -> EvidenceAnnex:
    standards = finding_rows(ctx)
    summary = []
    for std in standards:
        counts = Counter(r.status for r in std.findings)
        summary.append(StandardCount(id=std.id, regulation=std.regulation, title=std.title,
                                     counts={s: counts.get(s, 0) for s in FINDING_STATUSES}))
    rows = [r for s in standards for r in s.findings]
    cse_rows = [r for r in rows if r.cse_relevant]
    actions = ctx.doc.actions
    return EvidenceAnnex(
        summary=summary, standards=standards,
        cse_findings=[r for r in cse_rows if r.status != "not_assessed"],
        cse_items_total=len(cse_rows),
        cse_items_assessed=sum(1 for r in cse_rows if r.status != "not_assessed"),
        items_assessed=sum(1 for r in rows if r.status != "not_assessed"),
        items_total=len(rows),
        requirements=sum(1 for a in actions if a.kind == "requirement"),
        recommendations=sum(1 for a in actions if a.kind == "recommendation"),
        checklists=build_checklists(ctx))


def build_checklists(ctx: Context) -> list[ChecklistCompletion]:
    doc, completion = ctx.doc, []
    sampled = [p.id for p in doc.premises if p.sampled]
    for checklist in ctx.catalogue.checklists:
        ids = {i.id for i in checklist.items}
        if checklist.id == INDICATOR_CHECKLIST:
            completion.append(indicator_completion(ctx, checklist, ids))
            continue
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
    return completion


def indicator_completion(ctx: Context, checklist, ids: set[str]) -> ChecklistCompletion:
    """The CSE indicators as recorded: in each young person's CSE record (the one place
    they are kept, with older answers on the generic checklist read into it), so this
    count agrees with the CSE section of the report."""
    answers = [rec.answer for r in effective_records(ctx.doc, ids)
               for item, rec in r.indicators.items() if item in ids]
    tally = Counter(answers)
    subjects = len(ctx.doc.young_people)
    return ChecklistCompletion(
        id=checklist.id, title=checklist.title, applies_to=checklist.applies_to,
        subjects=subjects, expected=subjects * len(ids), answered=len(answers),
        yes=tally.get("present", 0), no=tally.get("not_present", 0), not_applicable=0)
