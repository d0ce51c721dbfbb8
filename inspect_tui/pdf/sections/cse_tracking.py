"""The CSE case-tracking part of the "Child sexual exploitation and safeguarding" section.

Called from ``sections/cse.py``. Everything shown comes from the snapshot's
``cse.tracking`` (see ``pdf/cse_snapshot.py``), where audience rules are already applied.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..cse_snapshot import CseTracking
from ..layout import Kit


def tracking_flowables(kit: Kit, t: CseTracking) -> list[Flowable]:
    story: list[Flowable] = []
    if not t.tracked:
        return story

    story.append(kit.heading("Classification", 1, "cse-classification"))
    story.append(kit.p("Each young person tracked is classified by the inspector. The tool "
                       "suggests a classification from the indicators; where evidence of harm "
                       "is recorded it suggests that the young person is experiencing or has "
                       "experienced exploitation, never that they are merely at risk.", "muted"))
    rows = [kit.th("Classification", "Young people")]
    rows += [[kit.cell(r.label), kit.cell(r.count)] for r in t.classifications]
    story.append(kit.table(rows, [5.0, 1.5]))
    story.append(kit.heading("By young person", 2, "cse-by-young-person"))
    rows = [kit.th("Case code", "Classification", "Suggested by the indicators",
                   "Missing episodes", "Reg 27", "Referral", style="th_small")]
    for p in t.people:
        rows.append([kit.cell(p.case_code, "cell_bold"), kit.cell(p.classification),
                     kit.cell(p.suggested), kit.cell(p.missing), kit.cell(p.notified),
                     kit.cell(p.referred)])
    story.append(kit.table(rows, [1.0, 1.7, 1.7, 1.3, 0.9, 0.9]))

    story.append(kit.heading("Classifications below the suggestion", 2, "cse-overrides"))
    if not t.overrides:
        story.append(kit.p("None: every classification matches or is above what the "
                           "indicators suggest."))
    else:
        rows = [kit.th("Case code", "Chosen", "Suggested", "Reason recorded")]
        for o in t.overrides:
            reason = o.reason + (" (evidence of harm is recorded)" if o.evidence_of_harm
                                 else "")
            rows.append([kit.cell(o.case_code, "cell_bold"), kit.cell(o.chosen),
                         kit.cell(o.suggested), kit.cell(reason)])
        story.append(kit.table(rows, [1.0, 1.6, 1.6, 3.2]))

    story.append(kit.heading("Indicators present", 2, "cse-indicator-counts"))
    if not t.indicators:
        story.append(kit.p("No indicator was recorded as present."))
    else:
        rows = [kit.th("Type", "Indicator", "Young people")]
        rows += [[kit.cell(r.indicator_type), kit.cell(r.title), kit.cell(str(r.young_people))]
                 for r in t.indicators]
        story.append(kit.table(rows, [1.4, 4.6, 1.2]))

    story.append(kit.heading("Missing episodes", 1, "cse-missing"))
    story.append(kit.p(
        f"{t.missing_episodes} missing episode(s) recorded, {t.missing_with_adults} with or "
        f"collected by adults. Return home interviews held within 72 hours of return: "
        f"{t.rhi_summary}."))

    story.append(kit.heading("Notifications and referrals", 1, "cse-notifications"))
    summary = (f"Reg 27 notifications to Ofsted made: {t.reg27_made}, of which "
               f"{t.reg27_on_time} within 24 hours of the event.")
    if t.harm_without_reg27:
        summary += (" Evidence of harm with no reg 27 notification: "
                    + ", ".join(t.harm_without_reg27) + ".")
    story.append(kit.p(summary))
    if t.notifications:
        rows = [kit.th("Case code", "Notification or referral", "Timeliness")]
        rows += [[kit.cell(n.case_code, "cell_bold"), kit.cell(n.kind), kit.cell(n.timeliness)]
                 for n in t.notifications]
        story.append(kit.table(rows, [1.2, 3.4, 2.6]))

    if t.language_included:
        story.append(kit.heading("Language flags outstanding (internal)", 1, "cse-language"))
        if not t.language:
            story.append(kit.p("None: no victim-blaming phrase is left unquoted in the "
                               "inspector's notes, evaluation or requirements."))
        else:
            rows = [kit.th("Flag")]
            rows += [[kit.cell(r.text)] for r in t.language]
            story.append(kit.table(rows, [7.2]))

    story.append(kit.heading("Core data set", 1, "cse-core-data"))
    story.append(kit.p(
        "Young people at heightened risk of, or experiencing, sexual exploitation, recorded "
        "apart from other concerns and broken down by sex, age, ethnicity and disability of "
        f"victim and suspected perpetrator. Young people included: {t.core_victims}."))
    for title, counts in t.core_tables.items():
        if not counts:
            continue
        rows = [kit.th(title, "Number", style="th_small")]
        rows += [[kit.cell(r.label), kit.cell(r.count)] for r in counts]
        story.append(kit.table(rows, [5.0, 1.5]))
    if t.suppression_note:
        story.append(kit.p(t.suppression_note, "muted"))
    return story
