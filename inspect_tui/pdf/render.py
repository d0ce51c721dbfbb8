"""The renderer: a :class:`ReportSnapshot` in, PDF bytes out. Never touches the database.

Pattern from pretix's invoice renderer: one stylesheet, embedded TrueType fonts, a page
template whose callback draws the header, footer and watermark, and a numbered canvas that
writes "Page X of Y" once the page count is known (one pass, no multiBuild).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Frame, PageTemplate

from .definition import ReportDefinition, default_definition
from .layout import FONT, FONT_BOLD, Kit, clean, hex_colour, register_fonts
from .sections import SECTION_BUILDERS
from .snapshot import ReportSnapshot

Progress = Callable[[float, str], None]


PAGE_COUNT_FORM = "pagecount"
FOOTER_SIZE = 8.0


class _PageCountCanvas(Canvas):
    """Defines, at save time, the form that every page's "of Y" refers to.

    Each page draws "Page X of " and then the form; the form (the total) is only written when
    the page count is known. One layout pass, and bookmarks keep their real pages (a canvas
    that defers whole pages, the usual recipe, sends every bookmark to page 1).
    """

    def save(self) -> None:
        total = self._pageNumber - 1
        self.beginForm(PAGE_COUNT_FORM)
        self.setFont(FONT, FOOTER_SIZE)
        self.setFillGray(0.25)
        self.drawString(0, 0, str(total))
        self.endForm()
        super().save()


class _ReportDocument(BaseDocTemplate):
    def __init__(self, buffer, snapshot: ReportSnapshot, definition: ReportDefinition,
                 progress: Progress | None, **kwargs):
        margin = definition.styles.margin_mm * mm
        super().__init__(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin,
                         topMargin=margin + 6 * mm, bottomMargin=margin + 2 * mm, **kwargs)
        self.snapshot = snapshot
        self.definition = definition
        self.progress = progress
        self.total_flowables = 1
        self.done_flowables = 0
        self._outline_keys: set[str] = set()
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    # Header, footer and watermark on every page, drawn before the page's content.
    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        snap, styles = self.snapshot, self.definition.styles
        width, height = self.pagesize
        margin = styles.margin_mm * mm
        if doc.page == 1:
            canv.showOutline()  # open the bookmarks panel in viewers that honour it
        canv.saveState()
        # watermark
        final = snap.watermark == "FINAL"
        colour = hex_colour(styles.watermark_final_color if final
                            else styles.watermark_draft_color)
        canv.setFillColor(colour)
        canv.setFillAlpha(styles.watermark_alpha * (0.6 if final else 1))
        canv.setFont(FONT_BOLD, 110 if not final else 90)
        canv.translate(width / 2, height / 2)
        canv.rotate(45)
        canv.drawCentredString(0, -35, snap.watermark)
        canv.restoreState()
        canv.saveState()
        # header
        canv.setFillColor(hex_colour("#8a1c0f"))
        canv.setFont(FONT_BOLD, 9)
        canv.drawCentredString(width / 2, height - 11 * mm, snap.handling_marking)
        canv.setFillGray(0.3)
        canv.setFont(FONT, 7.5)
        canv.drawString(margin, height - 11 * mm, _fit(canv, snap.cover.provider_name,
                                                       width / 2 - margin - 30 * mm))
        canv.drawRightString(width - margin, height - 11 * mm,
                             f"{snap.audience_label} · {snap.watermark}")
        canv.setStrokeColor(hex_colour(styles.rule_color))
        canv.setLineWidth(0.5)
        canv.line(margin, height - 13 * mm, width - margin, height - 13 * mm)
        canv.line(margin, 14 * mm, width - margin, 14 * mm)
        # footer (the page number is added by the canvas at the end)
        canv.setFillColor(hex_colour("#8a1c0f"))
        canv.setFont(FONT_BOLD, 8)
        canv.drawCentredString(width / 2, 10 * mm, snap.handling_marking)
        canv.setFillGray(0.3)
        canv.setFont(FONT, 7.5)
        canv.drawString(margin, 10 * mm,
                        f"URN {snap.cover.urn} · digest {snap.document_control.digest[:12]}")
        # "Page X of Y": Y is a form filled in when the document is saved.
        canv.setFont(FONT, FOOTER_SIZE)
        canv.setFillGray(0.25)
        room = canv.stringWidth("999", FONT, FOOTER_SIZE)
        canv.drawRightString(width - margin - room, 10 * mm, f"Page {doc.page} of ")
        canv.translate(width - margin - room, 10 * mm)
        canv.doForm(PAGE_COUNT_FORM)
        canv.restoreState()

    def afterFlowable(self, flowable) -> None:  # noqa: N802 - reportlab's name
        self.done_flowables += 1
        outline = getattr(flowable, "outline", None)
        if outline:
            title, key, level = outline
            if key not in self._outline_keys:
                self._outline_keys.add(key)
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(clean(title), key, level=level, closed=level > 0)

    def afterPage(self) -> None:  # noqa: N802 - reportlab's name
        if self.progress:
            fraction = min(1.0, self.done_flowables / self.total_flowables)
            self.progress(fraction, f"Laid out page {self.page}")


def _fit(canv: Canvas, text: str, width: float) -> str:
    text = clean(text)
    if canv.stringWidth(text) <= width:
        return text
    while text and canv.stringWidth(text + "…") > width:
        text = text[:-1]
    return text + "…"


# Room a heading needs below it, by outline level; less and it starts a new page. Used instead
# of keepWithNext, which would carry a long table whole to the next page and leave a gap.
HEADING_ROOM = (70 * mm, 45 * mm, 35 * mm)


def build_story(snapshot: ReportSnapshot, kit: Kit) -> list:
    story: list = []
    for section in snapshot.sections:
        for flowable in SECTION_BUILDERS[section.id](kit, snapshot, section):
            outline = getattr(flowable, "outline", None)
            if outline and not isinstance(story[-1:] and story[-1], CondPageBreak):
                story.append(CondPageBreak(HEADING_ROOM[min(outline[2], 2)]))
            story.append(flowable)
    return story


def render_pdf(snapshot: ReportSnapshot, definition: ReportDefinition | None = None, *,
               invariant: bool = False, progress: Progress | None = None) -> bytes:
    """Lay out the snapshot as a PDF and return its bytes.

    ``invariant`` gives byte-identical output for the same snapshot (fixed dates and ids).
    ``progress`` is called with a fraction (0..1) and a message after each page.
    """
    definition = definition or default_definition()
    register_fonts(definition)
    buffer = io.BytesIO()
    doc = _ReportDocument(
        buffer, snapshot, definition, progress,
        title=snapshot.title, author=snapshot.author, subject=snapshot.subject,
        creator="inspect-tui", keywords=[snapshot.handling_marking, snapshot.audience],
        lang="en-GB", displayDocTitle=1, initialFontName=FONT,
        invariant=1 if invariant else 0, pageCompression=1)
    kit = Kit(definition, doc.width)
    story = build_story(snapshot, kit)
    doc.total_flowables = max(1, len(story))
    doc.build(story, canvasmaker=_PageCountCanvas)
    return buffer.getvalue()
