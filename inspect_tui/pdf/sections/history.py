"""The previous inspection (date and outcome) and enforcement action since."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..definition import Section
from ..layout import Kit
from ..snapshot import ReportSnapshot
from .common import section_heading


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = section_heading(kit, section)
    h = snap.history
    story.append(kit.key_values([("Previous inspection", h.previous),
                                 ("Enforcement action since the last inspection",
                                  h.enforcement)]))
    return story
