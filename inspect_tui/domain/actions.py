"""Requirements and recommendations: what one must hold to be recorded.

Pure rules, checked by the service at every door (adding one, editing one, importing an
inspection), so an edit from the command line or an import meets the same rules as the
form, in the same words; the form shows the service's message.

- It answers a regulation or standards item of the catalogue, chosen.
- It says what must be done (a requirement) or what should improve (a recommendation).
- A requirement has a due date, a real date, not in the past when it is set or changed:
  a due date that has passed since it was set stays as it is while other fields change,
  and an imported inspection keeps the dates it was written with.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from .models import Action
from .time import parse_date

DUE_DATE = "requirement due date"


def parse_due_date(value: Any) -> date | None:
    """A due date as typed (YYYY-MM-DD); None for nothing. ValueError, worded for people
    as the model words it (:data:`.models.OptionalDate`), with the field's label."""
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValueError(f"{DUE_DATE}: {exc}") from None


def action_refusal(action: Action, known: Collection[str], today: date | None,
                   previous: Action | None = None) -> str | None:
    """Why ``action`` cannot be recorded, on one line naming the field; None if it can.
    ``known``: the catalogue's regulation and item ids. ``today``: None where no date is
    judged against today (an import). ``previous``: the action as stored, on an edit."""
    if not action.regulation.strip():
        return "regulation: choose the regulation this answers"
    if action.regulation not in known:
        return f"regulation: {action.regulation!r} is not a regulation or item in the catalogue"
    if not action.text.strip():
        return ("requirement: say what must be done" if action.kind == "requirement"
                else "recommendation: say what should improve")
    if action.kind == "requirement":
        due = action.due_date
        if due is None:
            return f"{DUE_DATE}: give the date it must be done by"
        kept = previous is not None and previous.due_date == due
        if today is not None and not kept and due < today:
            return f"{DUE_DATE}: {due.isoformat()} is in the past"
    return None
