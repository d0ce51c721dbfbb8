"""What the setting must do (requirements: regulation, what, due date) and should do
(recommendations)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..definition import Section
from ..layout import Kit, chunks
from ..snapshot import ReportSnapshot
from .common import section_heading


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = section_heading(kit, section)
    i = snap.improvements
    story.append(kit.heading("What the setting must do: requirements", 1,
                             "improvements-requirements"))
    if not i.requirements:
        story.append(kit.p(snap.wording.no_requirements))
    else:
        story.append(_actions_table(kit, i.requirements, "What must be done", "Due date",
                                    lambda r: kit.cell(r.due_date, "cell_bold")))
    story.append(kit.heading("What the setting should do: recommendations", 1,
                             "improvements-recommendations"))
    if not i.recommendations:
        story.append(kit.p(snap.wording.no_recommendations))
    else:
        story.append(_actions_table(kit, i.recommendations, "What should improve",
                                    "Guide reference", lambda r: kit.cell(r.guide_ref)))
    return story


def _actions_table(kit: Kit, actions, what: str, last: str, last_cell) -> Flowable:
    """Regulation | what | due date or guide reference; a long text goes on in rows of its
    own ("(continued)") so that it can split across pages."""
    rows = [kit.th("Regulation", what, last)]
    for action in actions:
        for index, piece in enumerate(chunks(action.text)):
            first = index == 0
            reg = ([kit.cell(action.regulation, "cell_bold")]
                   + ([kit.cell(action.regulation_title, "muted")]
                      if action.regulation_title else [])) if first else [kit.cell("")]
            rows.append([reg, kit.cell(piece if first else f"(continued) {piece}"),
                         last_cell(action) if first else kit.cell("")])
    return kit.table(rows, [1.6, 4.0, 1.4])
