"""What the section builders share: the section heading, a coloured box, status styles."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table

from ..definition import Section
from ..layout import FONT, Kit, hex_colour


def status_style(kit: Kit, status: str) -> ParagraphStyle:
    name = f"status_{status}"
    if name not in kit.styles:
        kit.styles[name] = ParagraphStyle(
            name, parent=kit.styles["cell_bold"],
            textColor=hex_colour(kit.definition.styles.status_colors[status]))
    return kit.styles[name]


def section_heading(kit: Kit, section: Section) -> list[Flowable]:
    out: list[Flowable] = [kit.heading(section.title, 0, f"section-{section.id}")]
    if section.intro:
        out.append(kit.p(section.intro))
    return out


def box(kit: Kit, content: list[Flowable], background: str, border: str) -> Table:
    table = Table([[content]], colWidths=[kit.width])
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("BACKGROUND", (0, 0), (-1, -1), hex_colour(background)),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, hex_colour(border)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
    return table
