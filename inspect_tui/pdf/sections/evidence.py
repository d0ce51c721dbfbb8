"""Annex: the inspector's evidence (the manager's copy only). The counts of items by
status, the chart, every item's status and evidence, the CSE-relevant items and checklist
completion: the working record, which Ofsted's judgement does not add up."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from ...domain.vocab import FINDING_STATUSES
from ..definition import Section
from ..layout import FONT, FONT_BOLD, Kit, chunks, esc, hex_colour
from ..snapshot import ReportSnapshot
from ..snapshot.evidence import EvidenceAnnex, FindingRow
from .common import section_heading, status_style

FINDING_WIDTHS = [1.15, 1.95, 1.05, 3.95]
# The chart and its legend read left to right from good to not yet looked at.
CHART_ORDER = ("met", "partly_met", "not_met", "not_assessed")
CHART_MAX_HEIGHT = 105 * mm


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    e = snap.evidence
    if e is None:
        return []
    story: list[Flowable] = [PageBreak(), *section_heading(kit, section)]
    story.append(kit.heading("Items by status", 1, "evidence-summary"))
    story += summary(kit, e)
    story += findings(kit, snap, e)
    story += cse_findings(kit, e)
    story += checklists(kit, e)
    return story


def summary(kit: Kit, e: EvidenceAnnex) -> list[Flowable]:
    totals = {s: sum(row.counts[s] for row in e.summary) for s in FINDING_STATUSES}
    story: list[Flowable] = [kit.markup(
        f"<b>{e.items_assessed}</b> of {e.items_total} items assessed: "
        f"<b>{totals['met']}</b> met, <b>{totals['partly_met']}</b> partly met, "
        f"<b>{totals['not_met']}</b> not met. "
        f"<b>{e.requirements}</b> requirement(s) and "
        f"<b>{e.recommendations}</b> recommendation(s) made.")]
    not_met = [f for std in e.standards for f in std.findings if f.status == "not_met"]
    if not_met:
        listed = "; ".join(f"<b>{esc(f.ref)}</b> {esc(f.title)}" for f in not_met[:12])
        more = f"; and {len(not_met) - 12} more" if len(not_met) > 12 else ""
        story.append(kit.markup(f"<b>Not met:</b> {listed}{more}."))
    story.append(findings_chart(kit, e))
    return story


def findings_chart(kit: Kit, e: EvidenceAnnex) -> Drawing:
    rows = [r for r in e.summary if sum(r.counts.values())]
    rows.reverse()  # the chart draws the first category at the bottom
    # Bars shrink for long catalogues so the chart stays on the page with the summary.
    gap, label_width, legend_height = 4, 190, 28
    bar = max(3.0, min(11.0, (CHART_MAX_HEIGHT - legend_height - 24) / max(1, len(rows)) - gap))
    gap = min(gap, bar / 2)
    height = max(1, len(rows)) * (bar + gap) + legend_height + 24
    width = kit.width
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT  # the renderer's initial state would otherwise select Helvetica
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 16
    chart.width, chart.height = width - label_width - 10, height - legend_height - 24
    statuses = list(CHART_ORDER)
    chart.data = [[r.counts[s] for r in rows] or [0] for s in statuses]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [_short(f"Reg {r.regulation} {r.title}") for r in rows]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = min(7, bar + gap - 0.5)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = colors.HexColor("#888888")
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    most = max([sum(r.counts.values()) for r in rows] or [1])
    chart.valueAxis.valueMax = most
    chart.valueAxis.valueStep = max(1, (most + 5) // 6)
    chart.valueAxis.strokeColor = colors.HexColor("#888888")
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.valueAxis.visibleGrid = 1
    chart.barSpacing = 0
    chart.groupSpacing = gap
    chart.bars.strokeColor = colors.white
    chart.bars.strokeWidth = 0.3
    palette = kit.definition.styles.status_colors
    for index, status in enumerate(statuses):
        chart.bars[index].fillColor = hex_colour(palette[status])
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = label_width, height - 6
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = FONT
    legend.fontSize = 7.5
    legend.dx = legend.dy = 7
    legend.deltax = 80
    legend.colorNamePairs = [(hex_colour(palette[s]), FINDING_STATUSES[s]) for s in statuses]
    drawing.add(legend)
    drawing.add(String(0, height - 12, "Items by status", fontName=FONT_BOLD, fontSize=8))
    return drawing


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- every item -----------------------------------------------------------------------------

def finding_rows(kit: Kit, findings: list[FindingRow]) -> tuple[list[list], list[tuple]]:
    """Header + one row per finding (more when the evidence is long), and status styles."""
    rows: list[list] = [kit.th("Reg.", "Item", "Status", "Evidence")]
    extra: list[tuple] = []
    palette = kit.definition.styles.status_colors
    for f in findings:
        meta = []
        if f.sources:
            meta.append("Sources: " + ", ".join(f.sources))
        if f.premises:
            meta.append("Premises: " + ", ".join(f.premises))
        if f.case_codes:
            meta.append("Young people: " + ", ".join(f.case_codes))
        pieces = chunks(f.note) if f.note.strip() else [""]
        start = len(rows)
        for index, piece in enumerate(pieces):
            first, last = index == 0, index == len(pieces) - 1
            evidence: list[Flowable] = []
            if piece:
                evidence.append(kit.cell(piece if first else f"(continued) {piece}"))
            elif f.status != "not_assessed":
                evidence.append(kit.cell("No evidence recorded.", "muted"))
            if last and meta:
                evidence.append(kit.cell(" · ".join(meta), "muted"))
            item = [kit.cell(f.title)]
            if first and not f.verified:
                item.append(kit.cell("Content not yet verified against the source.", "muted"))
            rows.append([kit.cell(f.ref if first else "", "cell_bold"),
                         item if first else kit.cell("(continued)", "muted"),
                         kit.markup(esc(f.status_label), status_style(kit, f.status).name)
                         if first else kit.cell(""),
                         evidence or kit.cell("")])
        extra.append(("LINEBEFORE", (2, start), (2, len(rows) - 1), 2.5,
                      hex_colour(palette[f.status])))
    return rows, extra


def findings(kit: Kit, snap: ReportSnapshot, e: EvidenceAnnex) -> list[Flowable]:
    story: list[Flowable] = []
    for group, label in (("quality_standard", "Quality standards"),
                         ("other_regulation", "Other regulations")):
        standards = [s for s in e.standards if s.group == group]
        if not standards:
            continue
        story.append(kit.heading(label, 1, f"findings-{group}", style="h2"))
        untouched = []
        for std in standards:
            if all(f.status == "not_assessed" for f in std.findings):
                untouched.append(std)
                continue
            story.append(kit.heading(f"Regulation {std.regulation}: {std.title}", 2,
                                     f"findings-{std.id}", style="h3"))
            rows, extra = finding_rows(kit, std.findings)
            story.append(kit.table(rows, FINDING_WIDTHS, extra=extra))
        if untouched:
            # One short table instead of a heading and an empty line for each of them.
            story.append(kit.heading(f"{label}: none of the items assessed", 2,
                                     f"findings-{group}-not-assessed", style="h3"))
            story.append(kit.p(snap.wording.no_findings, "muted"))
            rows = [kit.th("Regulation", "Title", "Items")]
            rows += [[kit.cell(f"Regulation {std.regulation}", "cell_bold"),
                      kit.cell(std.title), kit.cell(str(len(std.findings)))]
                     for std in untouched]
            story.append(kit.table(rows, [1.5, 5.0, 0.6]))
    return story


def cse_findings(kit: Kit, e: EvidenceAnnex) -> list[Flowable]:
    story: list[Flowable] = [kit.heading("Findings on CSE-relevant items", 1,
                                         "evidence-cse")]
    story.append(kit.p(f"{e.cse_items_assessed} of {e.cse_items_total} CSE-relevant items "
                       "were assessed; the evidence for each is above.", "muted"))
    if not e.cse_findings:
        return story
    rows = [kit.th("Reg.", "Item", "Status", "Young people")]
    extra = []
    palette = kit.definition.styles.status_colors
    for f in e.cse_findings:
        rows.append([kit.cell(f.ref, "cell_bold"), kit.cell(f.title),
                     kit.markup(esc(f.status_label), status_style(kit, f.status).name),
                     kit.cell(", ".join(f.case_codes) or "–")])
        extra.append(("LINEBEFORE", (2, len(rows) - 1), (2, len(rows) - 1), 2.5,
                      hex_colour(palette[f.status])))
    story.append(kit.table(rows, [1.15, 3.2, 1.05, 2.5], extra=extra))
    return story


# --- checklist completion ----------------------------------------------------------------------

APPLIES = {"inspection": "The inspection", "premises": "Each premises sampled",
           "young_person": "Each young person", "staff": "Each staff file"}


def checklists(kit: Kit, e: EvidenceAnnex) -> list[Flowable]:
    story: list[Flowable] = [kit.heading("Checklist completion", 1, "evidence-checklists")]
    rows = [kit.th("Checklist", "Applies to", "Subjects", "Answered", "Yes", "No", "N/A")]
    for c in e.checklists:
        answered = f"{c.answered} of {c.expected}" if c.expected else str(c.answered)
        if c.expected:
            answered += f" ({round(100 * c.answered / c.expected)}%)"
        rows.append([kit.cell(c.title), kit.cell(APPLIES.get(c.applies_to, c.applies_to)),
                     kit.cell(str(c.subjects)), kit.cell(answered), kit.cell(str(c.yes)),
                     kit.cell(str(c.no)), kit.cell(str(c.not_applicable))])
    story.append(kit.table(rows, [3.0, 1.6, 0.9, 1.5, 0.55, 0.55, 0.6]))
    return story


