"""The outcome in the content's own words, and the next inspection as a window."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table

from ..definition import Section
from ..layout import FONT, Kit, hex_colour
from ..snapshot import ReportSnapshot
from .common import section_heading

OUTCOME_COLOURS = {1: "#2e7d4f", 2: "#b9770e", 3: "#a93226"}


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = section_heading(kit, section)
    o = snap.outcome
    if not o.label:
        story.append(kit.p(snap.wording.no_outcome))
        return story
    banner = Table([[kit.p(o.label, "outcome")]], colWidths=[kit.width])
    banner.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("BACKGROUND", (0, 0), (-1, -1),
                      hex_colour(OUTCOME_COLOURS.get(o.rank or 0, "#34495e"))),
                     ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)])
    story += [banner, kit.spacer(3), kit.p(o.standard_sentence)]
    if o.next_inspection:
        story.append(kit.p(o.next_inspection, "cell_bold"))
    return story
