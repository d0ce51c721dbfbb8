"""Tab 3: notifications and referrals, and whether a reg 27 notification came within
Ofsted's guidance of 24 hours of the event (the regulation itself says "without delay")."""

from __future__ import annotations

from typing import Any

from ....domain.cse.models import NOTIFICATION_KINDS
from ...widgets.list_form import Field
from .rows import RowsPane, shown


class NotificationsPane(RowsPane):
    NOUN = "notification"
    ENTITY = "notification"
    COLUMNS = ("Kind", "Event", "Made", "≤24h")
    FIELDS = (
        (Field("kind", "Notification or referral", "choice", NOTIFICATION_KINDS),),
        (Field("event_at", "Event (or first known)", "datetime"),
         Field("made_at", "Made", "datetime")),
    )
    EMPTY = "No notifications or referrals recorded. Ctrl+N adds one."

    def rows(self) -> list[Any]:
        return self.cse.record.notifications

    def cells(self, n: Any) -> tuple[Any, ...]:
        timely = ""
        if n.kind == "reg27_ofsted" and n.within_24h is not None:
            timely = "yes" if n.within_24h else "NO"
        return (NOTIFICATION_KINDS[n.kind], shown(n.event_at) or "",
                shown(n.made_at) or "not made", timely)

    def title(self, n: Any) -> str:
        made = shown(n.made_at)
        return NOTIFICATION_KINDS[n.kind] + (f", made {made}" if made else ", not made yet")

    def new_values(self) -> dict[str, Any]:
        return {"kind": "reg27_ofsted"}
