"""Report sections: one module per section id, each with ``build(kit, snapshot, section)
-> flowables``. Builders get a :class:`~inspect_tui.pdf.layout.Kit` (styles and helpers)
and the snapshot, and nothing else."""

from __future__ import annotations

from collections.abc import Callable

from . import (
    about,
    cover,
    cse,
    document_control,
    evaluation,
    evidence,
    history,
    improvements,
    outcome,
    setting,
)

SECTION_BUILDERS: dict[str, Callable] = {
    "cover": cover.build,
    "outcome": outcome.build,
    "history": history.build,
    "improvements": improvements.build,
    "evaluation": evaluation.build,
    "cse": cse.build,
    "about": about.build,
    "setting": setting.build,
    "evidence": evidence.build,
    "document_control": document_control.build,
}
