"""Tab 2: missing episodes, with the return home interview (offered by the placing
authority, held or declined by the young person) and whether it came within 72 hours of
the return (judged as the review list judges it)."""

from __future__ import annotations

from typing import Any

from ....domain.cse.models import YES_NO
from ...widgets.list_form import Field
from .rows import RowsPane, shown


def _in_time(outcome: str | None) -> str:
    # Declined (the Interview column says so) and still-running interviews are not judged.
    return "" if outcome in (None, "declined") else ("yes" if outcome == "on_time" else "NO")


class MissingPane(RowsPane):
    NOUN = "missing episode"
    ENTITY = "missing_episode"
    COLUMNS = ("Went missing", "Returned", "Adults", "Police", "Interview", "≤72h")
    FIELDS = (
        (Field("went_missing_at", "Went missing", "datetime"),
         Field("returned_at", "Returned", "datetime")),
        (Field("with_adults", "With adults", "choice", YES_NO),
         Field("collected_by_adults", "Collected by adults", "choice", YES_NO),
         Field("police_informed", "Police told", "choice", YES_NO)),
        (Field("rhi_offered_at", "Interview offered", "datetime"),
         Field("rhi_held_at", "Interview held", "datetime"),
         Field("rhi_declined", "Declined by them", "choice", YES_NO)),
    )
    EMPTY = "No missing episodes recorded. Ctrl+N adds one."

    def rows(self) -> list[Any]:
        return self.cse.record.missing_episodes

    def cells(self, ep: Any) -> tuple[Any, ...]:
        adults = "yes" if ep.adults_involved else (
            "no" if ep.with_adults == "no" and ep.collected_by_adults == "no" else "?")
        held = (shown(ep.rhi_held_at) or "")[5:] if ep.rhi_held_at else (
            "declined" if ep.rhi_declined == "yes" else
            "offered" if ep.rhi_offered_at else "none")
        return (shown(ep.went_missing_at) or "", shown(ep.returned_at) or "", adults,
                YES_NO[ep.police_informed], held, _in_time(ep.rhi_outcome(self.cse.as_of)))

    def title(self, ep: Any) -> str:
        start = shown(ep.went_missing_at)
        return f"Missing episode of {start}" if start else "Missing episode (no date yet)"
