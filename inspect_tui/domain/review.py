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


# The record can be edited only while the inspector holds it; a submitted or approved
# inspection is read-only until someone reopens it (a review entry that says who and why),
# so nothing changes under a manager's review and an approval never covers an unseen edit.
EDITABLE = ("draft", "returned")
REOPENABLE = ("submitted", "approved")


def edit_refusal(status: str) -> str | None:
    """Why the record cannot be edited in ``status``, or None if it can."""
    if status == "submitted":
        return ("the inspection is submitted for review and read-only: reopen it to edit "
                "(it goes back to draft) or wait for the manager")
    if status == "approved":
        return ("the inspection is approved and read-only: reopen it to edit (a manager "
                "must then approve it again)")
    return None


def reopen_refusal(status: str, role: str) -> str | None:
    """Why ``role`` cannot reopen an inspection in ``status``, or None if they can."""
    if status not in REOPENABLE:
        return f"the inspection is {status}: only a submitted or approved one is reopened"
    if status == "submitted" and role == "manager":
        return "a manager returns a submitted inspection with a comment rather than reopen it"
    return None


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
