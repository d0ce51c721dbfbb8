"""The report snapshot: every part built by its own builder, for one audience, frozen."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ...catalogue import Catalogue
from ...domain.models import InspectionDocument
from ...domain.time import utc_now
from ..definition import ReportDefinition, Section, Wording
from .base import INVARIANT_TIME, Context, Snap
from .control import AboutInfo, DocumentControl, build_about, build_control
from .cse import CseInfo, build_cse
from .evidence import EvidenceAnnex, build_evidence
from .front import (
    Cover,
    History,
    OutcomeInfo,
    SettingInfo,
    build_cover,
    build_history,
    build_outcome,
    build_setting,
)
from .judgement import Improvements, ThemeText, build_improvements, build_themes

SNAPSHOT_VERSION = 2


class ReportSnapshot(Snap):
    """One report for one audience, as of one moment. The renderer's only input."""

    snapshot_version: Literal[2] = SNAPSHOT_VERSION
    title: str
    subject: str
    author: str
    handling_marking: str
    handling_note: str
    audience: str
    audience_label: str
    omitted: list[str]
    watermark: Literal["DRAFT", "FINAL"]
    sections: list[Section]
    wording: Wording
    cover: Cover
    outcome: OutcomeInfo
    history: History
    improvements: Improvements
    themes: list[ThemeText]
    cse: CseInfo
    about: AboutInfo
    setting: SettingInfo
    evidence: EvidenceAnnex | None  # the manager's copy only
    document_control: DocumentControl


def build_snapshot(doc: InspectionDocument, catalogue: Catalogue, definition: ReportDefinition,
                   *, audience: str = "manager", open_conflicts: int = 0,
                   generated_at: datetime | None = None,
                   invariant: bool = False) -> ReportSnapshot:
    ctx = Context(doc=doc, catalogue=catalogue, definition=definition, audience_id=audience,
                  generated=INVARIANT_TIME if invariant else (generated_at or utc_now()),
                  open_conflicts=open_conflicts)
    sections = [s for s in definition.sections if s.id not in ctx.audience.omit_sections]
    outcome = build_outcome(ctx)
    cse = build_cse(ctx)
    return ReportSnapshot(
        title=f"{definition.title}: {doc.provider.name}", subject=definition.subject,
        # The organisation, never a person: the metadata travels with every copy.
        author=definition.organisation,
        handling_marking=definition.handling_marking, handling_note=definition.handling_note,
        audience=audience, audience_label=ctx.audience.label, omitted=sorted(ctx.omit),
        watermark="FINAL" if ctx.final else "DRAFT", sections=sections,
        wording=definition.wording, cover=build_cover(ctx, outcome), outcome=outcome,
        history=build_history(ctx), improvements=build_improvements(ctx),
        themes=build_themes(ctx), cse=cse, about=build_about(ctx, cse.young_people_count),
        setting=build_setting(ctx),
        evidence=build_evidence(ctx) if any(s.id == "evidence" for s in sections) else None,
        document_control=build_control(ctx))
