"""Setting details: the provider, the people responsible, the service, its accommodation,
and the premises."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..definition import Section
from ..layout import Kit
from ..snapshot import ReportSnapshot
from .common import section_heading


def build(kit: Kit, snap: ReportSnapshot, section: Section) -> list[Flowable]:
    story = section_heading(kit, section)
    s = snap.setting
    story.append(kit.key_values([
        ("Unique reference number (URN)", s.urn), ("Provider", s.provider_name),
        ("Registered manager", s.registered_manager),
        ("Responsible individual", s.responsible_individual),
        ("Service", s.service), ("Types of accommodation", "\n".join(s.categories)),
        ("Address or area", s.address)]))
    story.append(kit.heading("Premises", 1, "setting-premises"))
    if s.premises:
        rows = [kit.th("Premises", "Category", "Local authority", "Sampled")]
        rows += [[kit.cell(p.label), kit.cell(p.category), kit.cell(p.local_authority or "–"),
                  kit.cell("Yes" if p.sampled else "No")] for p in s.premises]
        story.append(kit.table(rows, [2.5, 2.5, 1.4, 0.9]))
    else:
        story.append(kit.p("No premises were recorded.", "muted"))
    return story
