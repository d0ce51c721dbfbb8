"""A manager's decision on the site, and what the inspection page shows.

A decision (approve, or return with a comment) is taken on the state the page showed: the
form carries that state's digest, and a decision on a state that has changed since, or
on an inspection no longer submitted, is refused so that the manager reads it again. The
decision is written by the service as the signed-in manager, into the hub's own log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..domain.review import awaits_decision, changed_since_approval, display_status
from ..domain.vocab import DISPLAY_STATUSES
from ..errors import Forbidden, Invalid
from ..pdf.snapshot.base import long_time
from ..pdf.snapshot.control import REVIEW_ACTIONS
from ..service import Service
from ..service.reports import report_snapshot
from ..store.meta import Profile
from ..store.web import WebAccount

ACTIONS = ("approve", "return")


@dataclass(frozen=True)
class Decision:
    action: str
    comment: str
    digest: str


class ActingManager(Service):
    """The hub's service speaking for one signed-in manager: review entries it writes say
    who decided, whatever profile the hub database itself holds."""

    def __init__(self, service: Service, account: WebAccount):
        super().__init__(service.store.path, service.catalogue, store=service.store)
        self._acting = Profile(account.name, account.role, service.store.device)

    def profile(self) -> Profile:
        return self._acting


def decide(service: Service, iid: str, account: WebAccount, choice: Decision) -> str | None:
    """Take ``choice`` on inspection ``iid``; None when done, else why not (one line)."""
    if choice.action not in ACTIONS:
        return "Choose to approve the inspection or to return it with a comment."
    if choice.action == "return" and not choice.comment.strip():
        return "Say what needs to change: a returned inspection needs a comment."
    snapshot = report_snapshot(service, iid)
    doc = service.load(iid)
    if not awaits_decision(doc):
        label = DISPLAY_STATUSES.get(doc.status, doc.status)
        return (f"This inspection is now {label.lower()}, not submitted: nothing was "
                "decided. Here it is as it is now.")
    if choice.digest != snapshot.document_control.digest:
        return ("The inspection changed since you opened it: nothing was decided. Here it "
                "is as it is now; read it again before you decide.")
    acting = ActingManager(service, account)
    try:
        if choice.action == "approve":
            acting.approve(iid, choice.comment.strip(), digest=choice.digest)
        else:
            acting.return_for_changes(iid, choice.comment.strip())
    except (Invalid, Forbidden) as exc:
        return str(exc)
    return None


def shown(value: Any) -> str:
    """A conflicting value as a person reads it: text as it is, anything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def inspection_view(service: Service, iid: str) -> dict[str, Any]:
    """Everything the inspection page shows, read at one moment."""
    doc = service.load(iid)
    snapshot = report_snapshot(service, iid)
    problems = [p for p in service.check(doc)]
    conflicts = [{"what": f"{c.entity.replace('_', ' ')}: {c.field.replace('_', ' ')}",
                  "values": [{"by": e.author, "at": long_time(e.at), "value": shown(e.value)}
                             for e in c.values]}
                 for c in service.conflicts(iid)]
    history = [{"action": REVIEW_ACTIONS.get(e.action, e.action), "by": e.by, "role": e.role,
                "at": long_time(e.at), "comment": e.comment} for e in doc.review]
    return {"iid": iid, "doc": doc, "snapshot": snapshot,
            "digest": snapshot.document_control.digest, "state": display_status(doc),
            "status_label": DISPLAY_STATUSES[display_status(doc)],
            "awaits_decision": awaits_decision(doc), "changed": changed_since_approval(doc),
            "problems": problems, "not_done": sum(1 for p in problems
                                                  if p.kind == "not_assessed"),
            "conflicts": conflicts, "history": history}
