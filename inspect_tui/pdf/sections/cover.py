"""The cover: the provider, its URN and accommodation, the dates, the inspectors, the
outcome, and which copy this is."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from ..definition import Section
from ..layout import Kit
from ..snapshot import ReportSnapshot
from .common import box


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    c = snap.cover
    story: list[Flowable] = [kit.spacer(8), kit.heading(section.title, 0, "section-cover",
                                                        style="title"),
                             kit.p(c.provider_name, "subtitle"), kit.spacer(2)]
    pairs = [("Unique reference number (URN)", c.urn),
             ("Types of accommodation", "\n".join(c.categories) or "Not recorded"),
             ("Inspection type", c.inspection_type), ("Inspection dates", c.dates),
             ("Lead inspector", c.lead_inspector)]
    if c.team:
        pairs.append(("Inspectors", "\n".join(c.team)))
    pairs += [("Outcome", c.outcome_label),
              ("Report status", f"{c.status_label} ({snap.watermark})"),
              ("Copy", snap.audience_label)]
    story.append(kit.key_values(pairs))
    story.append(kit.spacer(5))
    conflicts = snap.document_control.open_conflicts
    if conflicts:
        story.append(box(kit, [kit.p("Unresolved conflicts", "warning"),
                               kit.p(snap.wording.conflicts_warning.format(count=conflicts))],
                         "#fdecea", "#a93226"))
        story.append(kit.spacer(4))
    status_text = snap.wording.final_status if c.final else snap.wording.draft_status
    if c.final and snap.document_control.approved_by:
        status_text += (f" Approved by {snap.document_control.approved_by} on "
                        f"{snap.document_control.approved_at}.")
    if c.changed_since_approval:
        status_text = c.changed_since_approval
    story.append(box(kit, [kit.p(status_text)], "#eef3f8", "#2e6da4"))
    story.append(kit.spacer(4))
    story.append(kit.p(snap.handling_note, "muted"))
    story.append(PageBreak())
    return story
