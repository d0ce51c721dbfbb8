"""Information about this inspection, and document control: version, content edition,
digest, how many assessed items rest on unverified content, approvals."""

from __future__ import annotations

from collections import Counter

from ...domain.vocab import INSPECTION_TYPES
from .base import Context, Snap, long_time
from .digest import inspection_digest

REVIEW_ACTIONS = {"submit": "Submitted", "approve": "Approved", "return": "Returned",
                  "comment": "Comment", "reopen": "Reopened as draft"}


class AboutInfo(Snap):
    inspection_type: str
    dates: str
    lead_inspector: str
    team: list[str]
    premises_sampled: int
    young_people: str          # as this copy may show it (protected where it leaves)
    evidence_sources: list[tuple[str, int]]


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
    reference: str             # the inspection id inside; URN and dates in a copy that leaves
    reference_label: str
    open_conflicts: int
    assessed_items: int
    unverified_items: int
    review: list[ReviewRow]
    approved_by: str = ""
    approved_at: str = ""


def build_about(ctx: Context, young_people: str) -> AboutInfo:
    doc = ctx.doc
    sources = Counter(s for f in doc.findings for s in f.sources)
    return AboutInfo(
        inspection_type=INSPECTION_TYPES.get(doc.type, doc.type), dates=ctx.dates,
        lead_inspector=doc.lead_inspector, team=list(doc.team),
        premises_sampled=sum(1 for p in doc.premises if p.sampled), young_people=young_people,
        evidence_sources=sorted(((ctx.catalogue.evidence_label(s), n)
                                 for s, n in sources.items()),
                                key=lambda pair: (-pair[1], pair[0])))


def unverified_assessed(ctx: Context) -> tuple[int, int]:
    """(assessed items, of which resting on content not verified against the source)."""
    catalogue = ctx.catalogue
    assessed = [f.item_id for f in ctx.doc.findings
                if f.status != "not_assessed" and catalogue.has_item(f.item_id)]
    return len(assessed), sum(1 for i in assessed
                              if not catalogue.item(i).provenance.verified)


def build_control(ctx: Context) -> DocumentControl:
    doc, omit = ctx.doc, ctx.omit
    review = [ReviewRow(action=REVIEW_ACTIONS.get(e.action, e.action), by=e.by, role=e.role,
                        at=long_time(e.at),
                        comment="" if "review_comments" in omit else e.comment)
              for e in doc.review
              if not ("review_workflow" in omit and e.action in ("comment", "return", "reopen"))
              and not ("review_comments" in omit and e.action == "comment")]
    submissions = sum(1 for e in doc.review if e.action == "submit")
    approvals = [e for e in doc.review if e.action == "approve"]
    if ctx.final:
        version = f"{submissions} (FINAL)"
    elif submissions and doc.status == "submitted":
        version = f"{submissions} (submitted, awaiting approval)"
    else:
        version = f"{submissions + 1} (DRAFT, in preparation)"
    assessed, unverified = unverified_assessed(ctx)
    # The internal inspection id links a copy to the organisation's records (and, before,
    # to the CSE export); a copy that leaves is known by the URN and the dates instead.
    if ctx.leaves:
        reference_label, reference = "Report reference", f"URN {doc.provider.urn}, {ctx.dates}"
    else:
        reference_label, reference = "Inspection id", doc.id
    return DocumentControl(
        report_version=version, content_edition=doc.content_edition,
        generated_at=long_time(ctx.generated), digest=inspection_digest(doc),
        reference=reference, reference_label=reference_label,
        open_conflicts=ctx.open_conflicts, assessed_items=assessed,
        unverified_items=unverified, review=review,
        approved_by=approvals[-1].by if ctx.final and approvals else "",
        approved_at=long_time(approvals[-1].at) if ctx.final and approvals else "")
