"""The report's sections other than CSE. Each builder: ``(kit, snapshot, section) -> flowables``."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table

from ...domain.vocab import FINDING_STATUSES
from ..definition import Section
from ..layout import FONT, FONT_BOLD, Kit, chunks, esc, hex_colour
from ..snapshot import FindingRow, ReportSnapshot

FINDING_WIDTHS = [1.15, 1.95, 1.05, 3.95]
# The chart and its legend read left to right from good to not yet looked at.
CHART_ORDER = ("met", "partly_met", "not_met", "not_assessed")
CHART_MAX_HEIGHT = 105 * mm
OUTCOME_COLOURS = {1: "#2e7d4f", 2: "#b9770e", 3: "#a93226"}


def status_style(kit: Kit, status: str) -> ParagraphStyle:
    name = f"status_{status}"
    if name not in kit.styles:
        kit.styles[name] = ParagraphStyle(
            name, parent=kit.styles["cell_bold"],
            textColor=hex_colour(kit.definition.styles.status_colors[status]))
    return kit.styles[name]


def _section_heading(kit: Kit, section: Section) -> list[Flowable]:
    out: list[Flowable] = [kit.heading(section.title, 0, f"section-{section.id}")]
    if section.intro:
        out.append(kit.p(section.intro))
    return out


# --- cover -------------------------------------------------------------------------------------

def cover(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    c = snap.cover
    story: list[Flowable] = [kit.spacer(8), kit.heading(section.title, 0, "section-cover",
                                                        style="title"),
                             kit.p(c.provider_name, "subtitle"), kit.spacer(2)]
    status = f"{c.status_label} ({snap.watermark})"
    pairs = [("Provider", c.provider_name), ("Unique reference number (URN)", c.urn),
             ("Categories of accommodation", "\n".join(c.categories) or "Not recorded"),
             ("Inspection type", c.inspection_type), ("Inspection dates", c.dates),
             ("Lead inspector", c.lead_inspector)]
    if c.team:
        pairs.append(("Inspection team", "\n".join(c.team)))
    pairs += [("Report status", status), ("Copy", snap.audience_label)]
    story.append(kit.key_values(pairs))
    story.append(kit.spacer(5))
    conflicts = snap.document_control.open_conflicts
    if conflicts:
        story.append(_box(kit, [kit.p("Unresolved conflicts", "warning"),
                                kit.p(snap.wording.conflicts_warning.format(count=conflicts))],
                          "#fdecea", "#a93226"))
        story.append(kit.spacer(4))
    status_text = snap.wording.final_status if c.final else snap.wording.draft_status
    if c.final and snap.document_control.approved_by:
        status_text += (f" Approved by {snap.document_control.approved_by} on "
                        f"{snap.document_control.approved_at}.")
    story.append(_box(kit, [kit.p(status_text)], "#eef3f8", "#2e6da4"))
    story.append(kit.spacer(4))
    story.append(kit.p(snap.handling_note, "muted"))
    story.append(PageBreak())
    return story


def _box(kit: Kit, content: list[Flowable], background: str, border: str) -> Table:
    table = Table([[content]], colWidths=[kit.width])
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("BACKGROUND", (0, 0), (-1, -1), hex_colour(background)),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, hex_colour(border)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
    return table


# --- outcome -----------------------------------------------------------------------------------

def outcome(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = _section_heading(kit, section)
    o = snap.outcome
    if not o.label:
        story.append(kit.p(snap.wording.no_outcome))
        return story
    box = Table([[kit.p(o.label, "outcome")]], colWidths=[kit.width])
    box.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("BACKGROUND", (0, 0), (-1, -1),
                   hex_colour(OUTCOME_COLOURS.get(o.rank or 0, "#34495e"))),
                  ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)])
    story += [box, kit.spacer(3), kit.p(o.standard_sentence)]
    if o.next_inspection:
        story.append(kit.p(o.next_inspection, "cell_bold"))
    return story


# --- summary and chart -------------------------------------------------------------------------

def summary(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = _section_heading(kit, section)
    totals = {s: sum(row.counts[s] for row in snap.summary) for s in FINDING_STATUSES}
    assessed = totals["met"] + totals["partly_met"] + totals["not_met"]
    story.append(kit.markup(
        f"<b>{assessed}</b> of {sum(totals.values())} items assessed: "
        f"<b>{totals['met']}</b> met, <b>{totals['partly_met']}</b> partly met, "
        f"<b>{totals['not_met']}</b> not met. "
        f"<b>{len(snap.requirements)}</b> requirement(s) and "
        f"<b>{len(snap.recommendations)}</b> recommendation(s) made; "
        f"<b>{snap.about.young_people_tracked}</b> young people tracked by case code."))
    not_met = [f for std in snap.standards for f in std.findings if f.status == "not_met"]
    if not_met:
        listed = "; ".join(f"<b>{esc(f.ref)}</b> {esc(f.title)}" for f in not_met[:12])
        more = f"; and {len(not_met) - 12} more" if len(not_met) > 12 else ""
        story.append(kit.markup(f"<b>Not met:</b> {listed}{more}."))
    story.append(findings_chart(kit, snap))
    return story


def findings_chart(kit: Kit, snap: ReportSnapshot) -> Drawing:
    rows = [r for r in snap.summary if sum(r.counts.values())]
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


# --- areas for improvement ---------------------------------------------------------------------

def improvements(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = _section_heading(kit, section)
    story.append(kit.heading("Requirements", 1, "improvements-requirements"))
    if not snap.requirements:
        story.append(kit.p(snap.wording.no_requirements))
    else:
        story.append(_actions_table(kit, snap.requirements, "What must be done", "Due date",
                                    lambda r: kit.cell(r.due_date, "cell_bold")))
    story.append(kit.heading("Recommendations", 1, "improvements-recommendations"))
    if not snap.recommendations:
        story.append(kit.p(snap.wording.no_recommendations))
    else:
        story.append(_actions_table(kit, snap.recommendations, "What should improve",
                                    "Guide reference", lambda r: kit.cell(r.guide_ref)))
    return story


def _reg_cell(kit: Kit, ref: str, title: str, first: bool) -> list[Flowable]:
    if not first:
        return [kit.cell("")]
    return [kit.cell(ref, "cell_bold")] + ([kit.cell(title, "muted")] if title else [])


# --- evaluation --------------------------------------------------------------------------------

def evaluation(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = _section_heading(kit, section)
    for theme in snap.themes:
        story.append(kit.heading(theme.title, 1, f"evaluation-{theme.id}"))
        if theme.text.strip():
            story.extend(kit.text_block(theme.text))
        else:
            story.append(kit.p(snap.wording.no_evaluation, "muted"))
    return story


# --- findings ----------------------------------------------------------------------------------

def finding_rows(kit: Kit, findings: list[FindingRow], snap: ReportSnapshot
                 ) -> tuple[list[list], list[tuple]]:
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


def findings(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = _section_heading(kit, section)
    for group, label in (("quality_standard", "Quality standards"),
                         ("other_regulation", "Other regulations")):
        standards = [s for s in snap.standards if s.group == group]
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
            rows, extra = finding_rows(kit, std.findings, snap)
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


# --- information about this inspection -----------------------------------------------------------

def about(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = _section_heading(kit, section)
    a = snap.about
    pairs = [("Inspection type", a.inspection_type), ("Inspection dates", a.dates),
             ("Lead inspector", a.lead_inspector)]
    if a.team:
        pairs.append(("Inspection team", "\n".join(a.team)))
    pairs += [("Young people tracked", f"{a.young_people_tracked} (by case code)"),
              ("Items assessed", f"{a.items_assessed} of {a.items_total}"),
              ("Premises sampled", str(sum(1 for p in a.premises if p.sampled))),
              ("Inspection id", a.inspection_id)]
    story.append(kit.key_values(pairs))
    story.append(kit.heading("Premises", 1, "about-premises"))
    if a.premises:
        rows = [kit.th("Premises", "Category", "Local authority", "Sampled")]
        rows += [[kit.cell(p.label), kit.cell(p.category), kit.cell(p.local_authority or "–"),
                  kit.cell("Yes" if p.sampled else "No")] for p in a.premises]
        story.append(kit.table(rows, [2.5, 2.5, 1.4, 0.9]))
    else:
        story.append(kit.p("No premises were recorded.", "muted"))
    story.append(kit.heading("Evidence sources", 1, "about-evidence"))
    if a.evidence_sources:
        rows = [kit.th("Source of evidence", "Findings citing it")]
        rows += [[kit.cell(label), kit.cell(str(n))] for label, n in a.evidence_sources]
        story.append(kit.table(rows, [5, 1.5]))
    else:
        story.append(kit.p("No evidence sources were recorded.", "muted"))
    return story


# --- appendix: checklists ----------------------------------------------------------------------

APPLIES = {"inspection": "The inspection", "premises": "Each premises sampled",
           "young_person": "Each young person", "staff": "Each staff file"}


def checklists(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = _section_heading(kit, section)
    rows = [kit.th("Checklist", "Applies to", "Subjects", "Answered", "Yes", "No", "N/A")]
    for c in snap.checklists:
        answered = f"{c.answered} of {c.expected}" if c.expected else str(c.answered)
        if c.expected:
            answered += f" ({round(100 * c.answered / c.expected)}%)"
        rows.append([kit.cell(c.title), kit.cell(APPLIES.get(c.applies_to, c.applies_to)),
                     kit.cell(str(c.subjects)), kit.cell(answered), kit.cell(str(c.yes)),
                     kit.cell(str(c.no)), kit.cell(str(c.not_applicable))])
    story.append(kit.table(rows, [3.0, 1.6, 0.9, 1.5, 0.55, 0.55, 0.6]))
    return story


# --- document control --------------------------------------------------------------------------

def document_control(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = _section_heading(kit, section)
    d = snap.document_control
    pairs = [("Report version", d.report_version),
             ("Status", f"{snap.cover.status_label} ({snap.watermark})"),
             ("Copy", snap.audience_label), ("Content edition", d.content_edition),
             ("Generated at", d.generated_at), ("Inspection id", snap.about.inspection_id),
             ("SHA-256 digest", d.digest),
             ("Open conflicts", str(d.open_conflicts) if d.open_conflicts else "None")]
    if d.approved_by:
        pairs.append(("Approved", f"{d.approved_by}, {d.approved_at}"))
    story.append(kit.key_values(pairs))
    story.append(kit.spacer(2))
    story.append(kit.p(snap.wording.digest_note, "muted"))
    story.append(kit.heading("Review and approvals", 1, "document-control-review"))
    if not d.review:
        story.append(kit.p("Not yet submitted for review.", "muted"))
        return story
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


def _actions_table(kit: Kit, actions, what: str, last: str, last_cell) -> Flowable:
    """Regulation | what | due date or guide reference; a long text goes on in rows of its
    own ("(continued)") so that it can split across pages."""
    rows = [kit.th("Regulation", what, last)]
    for action in actions:
        for index, piece in enumerate(chunks(action.text)):
            first = index == 0
            rows.append([_reg_cell(kit, action.regulation, action.regulation_title, first),
                         kit.cell(piece if first else f"(continued) {piece}"),
                         last_cell(action) if first else kit.cell("")])
    return kit.table(rows, [1.6, 4.2, 1.2])
