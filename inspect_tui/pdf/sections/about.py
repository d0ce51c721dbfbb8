"""Information about this inspection: type, dates, inspectors, what was looked at."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..definition import Section
from ..layout import Kit
from ..snapshot import ReportSnapshot
from .common import section_heading


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = section_heading(kit, section)
    a = snap.about
    pairs = [("Inspection type", a.inspection_type), ("Inspection dates", a.dates),
             ("Lead inspector", a.lead_inspector)]
    if a.team:
        pairs.append(("Inspectors", "\n".join(a.team)))
    pairs += [("Premises sampled", str(a.premises_sampled)),
              ("Young people", f"{a.young_people} (by case code)")]
    story.append(kit.key_values(pairs))
    story.append(kit.heading("Evidence sources", 1, "about-evidence"))
    if a.evidence_sources:
        rows = [kit.th("Source of evidence", "Findings citing it")]
        rows += [[kit.cell(label), kit.cell(str(n))] for label, n in a.evidence_sources]
        story.append(kit.table(rows, [5, 1.5]))
    else:
        story.append(kit.p("No evidence sources were recorded.", "muted"))
    return story
