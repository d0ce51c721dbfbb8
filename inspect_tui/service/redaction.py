"""Redaction for a manager: which values hold some text, and erasing it everywhere.

:meth:`RedactionPart.plan` lists the values that will change (shown before anything is
done, by the CLI and the TUI); :meth:`RedactionPart.redact` writes the redaction event,
which the store applies here at once and every other device and the hub on receipt
(:mod:`inspect_tui.domain.redaction`). Allowed whatever the inspection's review status:
erasing a child's name is never blocked by a submission.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..domain.entities import entity_id
from ..domain.redaction import (
    MARKER,
    SHORT_MARKER,
    Redaction,
    find_problem,
    may_redact,
    redact_value,
)
from ..domain.time import shown, today
from ..errors import Forbidden, Invalid, NotFound
from ..store import Edit, Event, FieldValue
from ..store.events import dumps
from .core import ServiceCore
from .documents import build_document, new_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Planned:
    """One value to be erased: the event it is in and its value after."""

    event: Event
    after: Any
    count: int

    def describe(self) -> str:
        e = self.event
        # The entity's own path below the inspection ("finding/sa2023.r4.2.a"); the
        # inspection's own fields have none.
        where = e.entity_id.partition("/")[2] or e.entity
        return (f"{where} · {e.field} · by {e.author} at {shown(e.at)} · "
                f"{self.count} occurrence{'' if self.count == 1 else 's'}")


class RedactionPart:
    def __init__(self, core: ServiceCore):
        self.core = core

    def plan(self, iid: str, find: str) -> list[Planned]:
        """Every value in inspection ``iid``'s log holding ``find`` (any case)."""
        problem = find_problem(find)
        if problem:
            raise Invalid(problem, {"find": problem})
        self.core.load(iid)
        planned = []
        for event in self.core.store.events(iid):
            if event.entity == "redaction":
                continue
            after, count = redact_value(event.value, find)
            if count:
                planned.append(Planned(event, after, count))
        return planned

    def _marker_for_state(self, iid: str, find: str) -> str:
        """The marker the current values can hold: brackets where the models take them,
        else the plain word (a case code's pattern takes letters and hyphens only)."""
        state = self.core.store.state(iid)
        for marker in (MARKER, SHORT_MARKER):
            fields = [FieldValue(f.entity, f.entity_id, f.field,
                                 redact_value(f.value, find, marker)[0], f.conflict)
                      for f in state]
            try:
                build_document(iid, fields)
                return marker
            except (ValidationError, ValueError):
                continue
        raise Invalid("a value holding that text cannot take the redaction marker: "
                      "correct it by an edit first, then redact what the history keeps")

    def redact(self, iid: str, find: str, reason: str) -> list[Planned]:
        """Erase ``find`` from every value of ``iid``; return what was erased."""
        profile = self.core.profile()
        if profile is None or not may_redact(profile.role):
            raise Forbidden("only a manager can redact")
        reason = " ".join(reason.split())
        if not reason:
            raise Invalid("a redaction needs a reason; it is kept with the redaction",
                          {"reason": "give the reason; it is kept with the redaction"})
        planned = self.plan(iid, find)
        if not planned:
            raise NotFound(f"{find!r} appears nowhere in this inspection; nothing to redact")
        marker = self._marker_for_state(iid, find)
        targets = {p.event.id: dumps(redact_value(p.event.value, find, marker)[0])
                   for p in planned}
        try:
            redaction = Redaction(targets=targets, by=profile.name, on=today(),
                                  reason=reason)
        except ValidationError as exc:
            raise Invalid(f"the redaction is not valid: {exc.errors()[0]['msg']}") from None
        edit = Edit(iid, "redaction", entity_id(iid, "redaction", new_id()), "entry",
                    redaction.model_dump(mode="json"))
        self.core.store.record([edit], self.core.author())
        log.info("redaction in inspection %s: %d value(s) erased by %s", iid, len(planned),
                 profile.name)
        return planned
