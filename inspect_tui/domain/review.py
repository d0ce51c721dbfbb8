"""The review: the workflow status, progress, and the review list.

Pure rules over an :class:`~inspect_tui.domain.models.InspectionDocument`; the service,
the TUI, the CLI and the PDF all ask here rather than work these out themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..catalogue import Catalogue
from .cse.checks import cse_problems
from .models import InspectionDocument
from .problems import Problem, standards_problems


def derive_status(entries: Iterable[dict[str, Any]]) -> str:
    """The workflow status from review entries, in time order (they never conflict)."""
    status = "draft"
    for entry in sorted(entries, key=lambda e: e.get("at", "")):
        action = entry.get("action")
        if action == "submit":
            status = "submitted"
        elif action == "approve":
            status = "approved"
        elif action == "return":
            status = "returned"
        elif action == "reopen":
            status = "draft"
    return status


def progress(doc: InspectionDocument, catalogue: Catalogue) -> int:
    """Percentage of standards items assessed."""
    total = sum(1 for _ in catalogue.items())
    if not total:
        return 100
    assessed = sum(1 for f in doc.findings
                   if f.status != "not_assessed" and catalogue.has_item(f.item_id))
    return round(100 * assessed / total)


def review_problems(doc: InspectionDocument, catalogue: Catalogue) -> list[Problem]:
    """Every line of the review list: what is wrong before what is merely not done yet,
    otherwise in catalogue order."""
    problems = standards_problems(doc, catalogue) + cse_problems(doc, catalogue)
    return sorted(problems, key=lambda p: p.kind == "not_assessed")
