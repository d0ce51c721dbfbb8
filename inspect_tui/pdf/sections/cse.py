"""Child sexual exploitation and safeguarding.

For now this states what was recorded: the young people tracked (by case code only), the
CSE indicators answered for each of them, and the findings on CSE-relevant items. The CSE case
tracking work extends this module (episodes, referrals, notifications); keep its builder
signature ``build(kit, snapshot, section) -> list[Flowable]``.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..definition import Section
from ..layout import Kit, chunks, esc, hex_colour
from ..snapshot import ReportSnapshot
from .core import status_style
from .cse_tracking import tracking_flowables

SHORT_LEGAL = {
    "Looked after, placed under s22C(6)(d)": "Looked after (s22C(6)(d))",
    "Care leaver (relevant child), placed under s23B(8)(b)": "Care leaver, relevant (s23B(8)(b))",
    "Care leaver (former relevant child), placed under s23B(8)(b)":
        "Care leaver, former relevant (s23B(8)(b))",
}


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    cse = snap.cse
    story: list[Flowable] = [kit.heading(section.title, 0, "section-cse")]
    if section.intro:
        story.append(kit.p(section.intro))
    story.append(kit.p(snap.wording.cse_case_codes, "muted"))

    story.append(kit.heading("Young people tracked", 1, "cse-young-people"))
    if not cse.young_people:
        story.append(kit.p(snap.wording.cse_none_tracked))
    else:
        demographics = "young_person_demographics" not in snap.omitted
        header = ["Case code", "Premises"]
        widths = [1.0, 1.6]
        if demographics:
            header += ["Age", "Sex", "Legal status"]
            widths += [0.5, 0.75, 1.45]
        header += ["Vulnera-\nbilities", "Warning\nsigns", "Evidence\nof harm", "Linked\nfindings"]
        widths += [0.8, 0.75, 0.8, 0.75]
        rows = [kit.th(*header, style="th_small")]
        for y in cse.young_people:
            row = [kit.cell(y.case_code, "cell_bold"), kit.cell(y.premises)]
            if demographics:
                row += [kit.cell(y.age or "–"), kit.cell(y.sex),
                        kit.cell(SHORT_LEGAL.get(y.legal_status, y.legal_status))]
            counts = y.indicator_counts
            row += [kit.cell(str(counts.get("Vulnerability", 0))),
                    kit.cell(str(counts.get("Warning sign", 0))),
                    kit.cell(str(counts.get("Evidence of harm", 0))),
                    kit.cell(str(y.linked_findings))]
            rows.append(row)
        story.append(kit.table(rows, widths))
        notes = [y for y in cse.young_people if y.note.strip()]
        if notes:
            story.append(kit.heading("Inspector's notes on young people (internal)", 2,
                                     "cse-notes"))
            rows = [kit.th("Case code", "Note")]
            for y in notes:
                for index, piece in enumerate(chunks(y.note)):
                    rows.append([kit.cell(y.case_code if index == 0 else "", "cell_bold"),
                                 kit.cell(piece if index == 0 else f"(continued) {piece}")])
            story.append(kit.table(rows, [1.0, 6.0]))

    story.append(kit.heading("CSE indicators recorded", 1, "cse-indicators"))
    if not cse.indicators:
        story.append(kit.p("No CSE indicators were recorded as present for any young person."))
    else:
        rows = [kit.th("Case code", "Type", "Indicator", "Answer", "Note")]
        for r in cse.indicators:
            rows.append([kit.cell(r.case_code, "cell_bold"), kit.cell(r.indicator_type),
                         kit.cell(r.title), kit.cell(r.answer), kit.cell(r.note)])
        story.append(kit.table(rows, [1.0, 1.1, 2.4, 0.8, 2.6]))

    story.append(kit.heading("Findings on CSE-relevant items", 1, "cse-findings"))
    story.append(kit.p(f"{cse.cse_items_assessed} of {cse.cse_items_total} CSE-relevant items "
                       "were assessed.", "muted"))
    if not cse.findings:
        story.append(kit.p(snap.wording.cse_no_findings))
    else:
        # Compact: the evidence for each item is in "Findings by standard and regulation".
        story.append(kit.p("The evidence for each item is under findings by standard and "
                           "regulation.", "muted"))
        rows = [kit.th("Reg.", "Item", "Status", "Young people")]
        extra = []
        palette = kit.definition.styles.status_colors
        for f in cse.findings:
            rows.append([kit.cell(f.ref, "cell_bold"), kit.cell(f.title),
                         kit.markup(esc(f.status_label), status_style(kit, f.status).name),
                         kit.cell(", ".join(f.case_codes) or "–")])
            extra.append(("LINEBEFORE", (2, len(rows) - 1), (2, len(rows) - 1), 2.5,
                          hex_colour(palette[f.status])))
        story.append(kit.table(rows, [1.15, 3.2, 1.05, 2.5], extra=extra))
    # CSE case tracking: classification, episodes, notifications, core data set.
    story += tracking_flowables(kit, cse.tracking)
    return story
