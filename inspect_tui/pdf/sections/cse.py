"""Child sexual exploitation and safeguarding.

Numbers for every copy (from the snapshot's counts, already protected in a copy that
leaves the organisation); in the manager's copy the young people one by one as well, by
case code. Nothing is worked out here: the snapshot holds what this copy may print.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..definition import Section
from ..layout import Kit, chunks
from ..snapshot import ReportSnapshot
from ..snapshot.cse import CountTableView, CseInfo
from .common import section_heading

SHORT_LEGAL = {
    "Looked after, placed under s22C(6)(d)": "Looked after (s22C(6)(d))",
    "Care leaver (relevant child), placed under s23B(8)(b)": "Care leaver, relevant (s23B(8)(b))",
    "Care leaver (former relevant child), placed under s23B(8)(b)":
        "Care leaver, former relevant (s23B(8)(b))",
    "Not known": "Not known",
}


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    cse = snap.cse
    story = section_heading(kit, section)
    story.append(kit.p(snap.wording.cse_case_codes if cse.by_child
                       else snap.wording.cse_provider, "muted"))
    if cse.by_child:
        story += _young_people(kit, snap, cse)
    story.append(kit.heading("Classification", 1, "cse-classification"))
    story.append(kit.p("Each young person tracked is classified by the inspector. The tool "
                       "suggests a classification from the indicators; where evidence of harm "
                       "is recorded it suggests that the young person is experiencing or has "
                       "experienced exploitation, never that they are merely at risk. The "
                       "table counts the inspector's choice, or the suggestion where none is "
                       "chosen yet.", "muted"))
    story += _count_table(kit, snap, cse.classification, "Young people")
    story += _singles(kit, cse, ("unclassified", "overrides"))
    if cse.by_child:
        story += _people(kit, cse)
    story.append(kit.heading("Indicators present", 2, "cse-indicator-counts"))
    if not cse.indicator_counts.rows:
        story.append(kit.p("No indicator was recorded as present."))
    else:
        story += _count_table(kit, snap, cse.indicator_counts, "Young people", heading=False)

    story.append(kit.heading("Missing episodes", 1, "cse-missing"))
    # The interviews held in time are a row of the same table, not a line under it.
    rows = [(cse.count_labels[k], cse.counts[k])
            for k in ("episodes", "episodes_with_adults", "rhi_due")]
    rows.append(("Return home interviews held within 72 hours of return", cse.rhi_summary))
    rows.append((cse.count_labels["rhi_declined"], cse.counts["rhi_declined"]))
    story.append(kit.key_values(rows, widths=(5.0, 1.5)))

    story.append(kit.heading("Notifications and referrals", 1, "cse-notifications"))
    story += _singles(kit, cse, ("reg27_made", "reg27_on_time", "harm_without_reg27",
                                 "referrals"))
    if cse.by_child and cse.notifications:
        rows = [kit.th("Case code", "Notification or referral", "Timeliness")]
        rows += [[kit.cell(n.case_code, "cell_bold"), kit.cell(n.kind), kit.cell(n.timeliness)]
                 for n in cse.notifications]
        story.append(kit.table(rows, [1.2, 3.4, 2.6]))

    if cse.language_included:
        story.append(kit.heading("Language flags outstanding (internal)", 1, "cse-language"))
        if not cse.language:
            story.append(kit.p("None: no victim-blaming phrase is left unquoted in the "
                               "inspector's notes, evaluation or requirements."))
        else:
            rows = [kit.th("Flag")] + [[kit.cell(text)] for text in cse.language]
            story.append(kit.table(rows, [7.2]))

    story.append(kit.heading("Core data set", 1, "cse-core-data"))
    story.append(kit.p(
        "Young people at heightened risk of, or experiencing, sexual exploitation (the "
        "inspector's classification, or the suggestion where none is chosen), recorded apart "
        "from other concerns and broken down by sex, age, ethnicity and disability of victim "
        "and suspected perpetrator."))
    withheld: dict[str, list[CountTableView]] = {}
    for table in cse.core_tables:
        if table.withheld and table.total:
            withheld.setdefault(table.total.label, []).append(table)
        else:
            story += _count_table(kit, snap, table, "Number")
    if withheld:
        # One line per hidden total, not one per table it would break down.
        story.append(kit.key_values(
            [(f"{label}: {tables[0].total.count}",  # type: ignore[union-attr]
              f"{snap.wording.cse_withheld} ({', '.join(t.title for t in tables)})")
             for label, tables in withheld.items()], widths=(2.2, 4.3)))
    if cse.suppression_note:
        story.append(kit.p(cse.suppression_note, "muted"))
    return story


def _count_table(kit: Kit, snap: ReportSnapshot, table: CountTableView, column: str,
                 heading: bool = True) -> list[Flowable]:
    if table.withheld:
        total = table.total
        return [kit.key_values([(table.title, f"{total.label}: {total.count}. "
                                 f"{snap.wording.cse_withheld}" if total else
                                 snap.wording.cse_withheld)], widths=(2.6, 3.9))]
    rows = [kit.th(table.title if heading else "Indicator", column, style="th_small")]
    rows += [[kit.cell(r.label), kit.cell(r.count)] for r in table.rows]
    extra = []
    if table.total:
        rows.append([kit.cell(table.total.label, "cell_bold"),
                     kit.cell(table.total.count, "cell_bold")])
        extra.append(("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.8,
                      kit.definition.styles.heading_color))
    return [kit.table(rows, [5.0, 1.5], extra=extra)]


def _singles(kit: Kit, cse: CseInfo, keys: tuple[str, ...]) -> list[Flowable]:
    return [kit.key_values([(cse.count_labels[k], cse.counts[k]) for k in keys],
                           widths=(5.0, 1.5))]


def _young_people(kit: Kit, snap: ReportSnapshot, cse: CseInfo) -> list[Flowable]:
    story: list[Flowable] = [kit.heading("Young people", 1, "cse-young-people")]
    if not cse.young_people:
        story.append(kit.p(snap.wording.cse_none_tracked))
        return story
    header = ["Case code", "Premises", "Age", "Sex", "Legal status", "Vulnera-\nbilities",
              "Warning\nsigns", "Evidence\nof harm", "Linked\nfindings"]
    rows = [kit.th(*header, style="th_small")]
    for y in cse.young_people:
        counts = y.indicator_counts
        rows.append([kit.cell(y.case_code, "cell_bold"), kit.cell(y.premises),
                     kit.cell(y.age or "–"), kit.cell(y.sex),
                     kit.cell(SHORT_LEGAL.get(y.legal_status, y.legal_status)),
                     kit.cell(str(counts.get("Vulnerability", 0))),
                     kit.cell(str(counts.get("Warning sign", 0))),
                     kit.cell(str(counts.get("Evidence of harm", 0))),
                     kit.cell(str(y.linked_findings))])
    story.append(kit.table(rows, [1.0, 1.6, 0.5, 0.75, 1.45, 0.8, 0.75, 0.8, 0.75]))
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
    story.append(kit.heading("CSE indicators recorded", 2, "cse-indicators"))
    if not cse.indicators:
        story.append(kit.p("No CSE indicators were recorded as present for any young person."))
    else:
        rows = [kit.th("Case code", "Type", "Indicator", "Answer", "Note")]
        for r in cse.indicators:
            rows.append([kit.cell(r.case_code, "cell_bold"), kit.cell(r.indicator_type),
                         kit.cell(r.title), kit.cell(r.answer), kit.cell(r.note)])
        story.append(kit.table(rows, [1.0, 1.1, 2.4, 0.8, 2.6]))
    return story


def _people(kit: Kit, cse: CseInfo) -> list[Flowable]:
    story: list[Flowable] = [kit.heading("By young person", 2, "cse-by-young-person")]
    rows = [kit.th("Case code", "Classification", "Suggested by the indicators",
                   "Missing episodes", "Reg 27", "Referral", style="th_small")]
    for p in cse.people:
        rows.append([kit.cell(p.case_code, "cell_bold"), kit.cell(p.classification),
                     kit.cell(p.suggested), kit.cell(p.missing), kit.cell(p.notified),
                     kit.cell(p.referred)])
    story.append(kit.table(rows, [1.0, 1.7, 1.7, 1.3, 0.9, 0.9]))
    story.append(kit.heading("Classifications below the suggestion", 2, "cse-overrides"))
    if not cse.overrides:
        story.append(kit.p("None: every classification matches or is above what the "
                           "indicators suggest."))
        return story
    rows = [kit.th("Case code", "Chosen", "Suggested", "Reason recorded")]
    for o in cse.overrides:
        reason = o.reason + (" (evidence of harm is recorded)" if o.evidence_of_harm else "")
        rows.append([kit.cell(o.case_code, "cell_bold"), kit.cell(o.chosen),
                     kit.cell(o.suggested), kit.cell(reason)])
    story.append(kit.table(rows, [1.0, 1.6, 1.6, 3.2]))
    return story
