"""Fonts, the stylesheet and small builders shared by the report sections.

Every user string goes through :func:`esc` before it reaches a ``Paragraph`` (which parses
markup), so text typed as ``<b>`` or ``&`` prints literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from .definition import ReportDefinition

FONT, FONT_BOLD, FONT_ITALIC = "ReportSans", "ReportSans-Bold", "ReportSans-Italic"
_registered: dict[str, str] = {}
# C0/C1 controls (other than tab and newline) and lone surrogates cannot be drawn or embedded.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Long notes are cut into pieces of about this many characters so that no table row is
# taller than a page; free-flowing paragraphs split by themselves.
CHUNK = 900


def register_fonts(definition: ReportDefinition) -> None:
    """Register the report's TrueType fonts once per process (parsing them is the slow part)."""
    from reportlab.lib.fonts import addMapping

    for name, which in ((FONT, "regular"), (FONT_BOLD, "bold"), (FONT_ITALIC, "italic")):
        path = str(definition.font_path(which))
        if _registered.get(name) == path:
            continue
        pdfmetrics.registerFont(TTFont(name, path))
        _registered[name] = path
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)


def clean(text: str) -> str:
    return _UNPRINTABLE.sub("\ufffd", text or "").replace("\r\n", "\n").replace("\r", "\n")


def esc(text: str) -> str:
    """User text as safe Paragraph markup: escaped, line breaks kept, tabs as spaces."""
    text = escape(clean(text)).replace("\t", "    ")
    return text.replace("\n", "<br/>")


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """Split text into pieces of at most ``size`` characters, at paragraph, sentence or word
    boundaries where possible."""
    text = clean(text).strip()
    if len(text) <= size:
        return [text]
    out: list[str] = []
    while len(text) > size:
        window = text[:size]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < size // 3:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 1 if cut >= size // 3 else -1
        if cut < size // 3:
            cut = window.rfind(" ")
        if cut < size // 3:
            cut = size
        out.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        out.append(text)
    return out


def hex_colour(value: str) -> colors.Color:
    return colors.HexColor(value)


@dataclass
class Kit:
    """What every section builder gets: styles and helpers, no data."""

    definition: ReportDefinition
    width: float
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)

    def __post_init__(self) -> None:
        s = self.definition.styles
        size = s.base_font_size
        lead = size * s.leading_ratio
        head = hex_colour(s.heading_color)

        def style(name: str, **kw) -> None:
            base = dict(fontName=FONT, fontSize=size, leading=lead, spaceAfter=size * 0.5)
            base.update(kw)
            self.styles[name] = ParagraphStyle(name, **base)

        style("body")
        style("small", fontSize=size * 0.85, leading=size * 0.85 * s.leading_ratio)
        style("muted", fontSize=size * 0.85, leading=size * 0.85 * s.leading_ratio,
              textColor=colors.HexColor("#555f6b"))
        style("cell", spaceAfter=0, fontSize=size * 0.9, leading=size * 0.9 * s.leading_ratio)
        style("cell_bold", spaceAfter=0, fontName=FONT_BOLD, fontSize=size * 0.9,
              leading=size * 0.9 * s.leading_ratio)
        style("th", spaceAfter=0, fontName=FONT_BOLD, fontSize=size * 0.9,
              leading=size * 0.9 * s.leading_ratio, textColor=head)
        style("th_small", spaceAfter=0, fontName=FONT_BOLD, fontSize=size * 0.78,
              leading=size * 0.78 * s.leading_ratio, textColor=head)
        style("h1", fontName=FONT_BOLD, fontSize=size * 1.7, leading=size * 2.1,
              textColor=head, spaceBefore=size * 0.6, spaceAfter=size * 0.7)
        style("h2", fontName=FONT_BOLD, fontSize=size * 1.25, leading=size * 1.6,
              textColor=head, spaceBefore=size * 0.9, spaceAfter=size * 0.4)
        style("h3", fontName=FONT_BOLD, fontSize=size * 1.05, leading=size * 1.4,
              textColor=head, spaceBefore=size * 0.6, spaceAfter=size * 0.3)
        style("title", fontName=FONT_BOLD, fontSize=size * 2.6, leading=size * 3.1,
              textColor=head, spaceAfter=size)
        style("subtitle", fontName=FONT_BOLD, fontSize=size * 1.6, leading=size * 2.0,
              spaceAfter=size * 0.6)
        style("outcome", fontName=FONT_BOLD, fontSize=size * 1.5, leading=size * 1.9,
              textColor=colors.white, alignment=TA_CENTER, spaceAfter=0)
        style("warning", fontName=FONT_BOLD, textColor=colors.HexColor("#8a1c0f"),
              spaceAfter=0)

    # --- paragraphs ---
    def p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(esc(text), self.styles[style])

    def markup(self, markup: str, style: str = "body") -> Paragraph:
        """Trusted markup built by the renderer; every user part must already be escaped."""
        return Paragraph(markup, self.styles[style])

    def text_block(self, text: str, style: str = "body") -> list[Flowable]:
        """Long user text as one paragraph per blank-line block, each free to split."""
        blocks = [b for b in re.split(r"\n\s*\n", clean(text)) if b.strip()]
        return [self.p(b.strip(), style) for b in blocks]

    def heading(self, title: str, level: int, key: str, style: str | None = None) -> Paragraph:
        para = Paragraph(esc(title), self.styles[style or ("h1", "h2", "h3")[min(level, 2)]])
        para.outline = (title, key, level)  # read by the document template's afterFlowable
        return para

    def spacer(self, height_mm: float = 3) -> Spacer:
        return Spacer(1, height_mm * mm)

    # --- tables ---
    def table(self, rows: list[list], widths: list[float], *, header: bool = True,
              extra: list[tuple] | None = None, stripe: bool = True) -> Table:
        s = self.definition.styles
        total = sum(widths)
        col_widths = [self.width * w / total for w in widths]
        table = Table(rows, colWidths=col_widths, repeatRows=1 if header else 0,
                      hAlign="LEFT")
        commands: list[tuple] = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # else Table selects Helvetica per cell
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, hex_colour(s.rule_color)),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            commands += [("BACKGROUND", (0, 0), (-1, 0), hex_colour(s.table_header_background)),
                         ("LINEBELOW", (0, 0), (-1, 0), 0.8, hex_colour(s.heading_color))]
        if stripe and len(rows) > 2:
            commands.append(("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1),
                             [colors.white, hex_colour(s.table_stripe_background)]))
        table.setStyle(TableStyle(commands + (extra or [])))
        return table

    def th(self, *titles: str, style: str = "th") -> list[Paragraph]:
        return [Paragraph(esc(t), self.styles[style]) for t in titles]

    def cell(self, text: str, style: str = "cell") -> Paragraph:
        return Paragraph(esc(text), self.styles[style])

    def key_values(self, pairs: list[tuple[str, str]], widths: tuple[float, float] = (1.3, 2.6)
                   ) -> Table:
        rows = [[self.cell(k, "cell_bold"), self.cell(v)] for k, v in pairs]
        return self.table(rows, list(widths), header=False, stripe=False)
