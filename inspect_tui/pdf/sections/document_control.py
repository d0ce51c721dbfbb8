"""Document control: version, content edition, digest, unverified content, approvals."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..definition import Section
from ..layout import Kit
from ..snapshot import ReportSnapshot
from .common import section_heading


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = section_heading(kit, section)
    d = snap.document_control
    pairs = [("Report version", d.report_version),
             ("Status", f"{snap.cover.status_label} ({snap.watermark})"),
             ("Copy", snap.audience_label), ("Content edition", d.content_edition),
             ("Unverified content", snap.wording.unverified_items.format(
                 unverified=d.unverified_items, assessed=d.assessed_items)),
             ("Generated at", d.generated_at), (d.reference_label, d.reference),
             ("SHA-256 digest", d.digest),
             ("Open conflicts", str(d.open_conflicts) if d.open_conflicts else "None")]
    if d.approved_by:
        pairs.append(("Approved", f"{d.approved_by}, {d.approved_at}"))
    if not d.review:  # a row, not a heading that a page break could strand
        pairs.append(("Review and approvals", "Not yet submitted for review."))
    story.append(kit.key_values(pairs, widths=(1.05, 3.0)))  # the digest on one line
    story.append(kit.spacer(2))
    story.append(kit.p(snap.wording.digest_note, "muted"))
    if not d.review:
        return story
    story.append(kit.heading("Review and approvals", 1, "document-control-review"))
    with_comments = "review_comments" not in snap.omitted
    header = ["Date", "Action", "By", "Role"] + (["Comment"] if with_comments else [])
    rows = [kit.th(*header)]
    for r in d.review:
        row = [kit.cell(r.at), kit.cell(r.action, "cell_bold"), kit.cell(r.by),
               kit.cell(r.role.capitalize())]
        if with_comments:
            row.append(kit.cell(r.comment))
        rows.append(row)
    widths = [1.6, 1.2, 1.6, 0.9] + ([2.6] if with_comments else [])
    story.append(kit.table(rows, widths))
    return story
