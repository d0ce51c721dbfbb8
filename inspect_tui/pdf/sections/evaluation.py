"""The evaluation as prose, one part per theme."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..definition import Section
from ..layout import Kit
from ..snapshot import ReportSnapshot
from .common import section_heading


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = section_heading(kit, section)
    for theme in snap.themes:
        story.append(kit.heading(theme.title, 1, f"evaluation-{theme.id}"))
        if theme.text.strip():
            story.extend(kit.text_block(theme.text))
        else:
            story.append(kit.p(snap.wording.no_evaluation, "muted"))
    return story
