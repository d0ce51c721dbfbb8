"""Report sections: one builder per section id, each ``(kit, snapshot, section) -> flowables``.

Builders get a :class:`~inspect_tui.pdf.layout.Kit` (styles and helpers) and the snapshot, and
nothing else. The CSE section lives in its own module so the CSE work can extend it alone.
"""

from __future__ import annotations

from collections.abc import Callable

from . import core, cse

SECTION_BUILDERS: dict[str, Callable] = {
    "cover": core.cover,
    "outcome": core.outcome,
    "summary": core.summary,
    "improvements": core.improvements,
    "evaluation": core.evaluation,
    "findings": core.findings,
    "cse": cse.build,
    "about": core.about,
    "checklists": core.checklists,
    "document_control": core.document_control,
}
