"""The review: the workflow state machine, progress, and the review list.

Pure rules over an :class:`~inspect_tui.domain.models.InspectionDocument` and its review
entries; the service, the TUI, the CLI, the PDF and the sync validator all ask here rather
than work these out themselves.

The state machine
-----------------
Review entries (``<iid>/review/<id>``, field ``entry``) are append-only: no event replaces
one, and each is one :class:`Step` — the entry with the device and per-device sequence of
the event that carries it. Every entry written now carries ``seen``, its author's version
vector when writing ({device: highest sequence held}), so "what the author had seen" is
known exactly:

- ``a`` happened before ``b`` when both are from one device and ``a`` came first, or when
  ``b.seen`` covers ``a`` (``b.seen[a.device] >= a.seq``). Wall clocks order nothing, so an
  entry dated 2099 pins nothing; a ``seen`` claiming events its receiver does not hold is
  refused by the validator, so no entry can place itself after entries not yet written.
  Entries from before ``seen`` existed (legacy) are ordered among themselves by ``at``.
- The status is that of the latest status entries (submit, approve, return, reopen; a
  comment changes nothing): those no other status entry follows. Concurrent latest entries
  (an inspector's reopen racing a manager's approval) resolve to the least final:
  reopen (draft), then return, submit, approve: an approval never wins a race it did not see.
- An entry is valid only from the states it is valid in, as its author saw them: submit
  from draft or returned; approve or return only from submitted, by a manager (and again
  from approved when the content changed since the approval); reopen as
  :func:`reopen_refusal` says; a comment at any time.
- An edit (any other event but the archive flag) made by a device whose own log shows it
  knew the inspection was submitted or approved, with no return or reopen it may have seen
  since, is a bypass and is refused. A device's knowledge is what its own earlier events
  and the ``seen`` of its own earlier review entries show. An edit whose author cannot be
  shown to have seen the submission or approval (an honest offline edit, or a device that
  hid what it had seen) is accepted, and then the approval's digest no longer matches:
  the inspection is *changed since approval*, never FINAL, until a manager approves the
  state as it is now or returns it.

An approval carries ``digest``, :func:`~.digest.inspection_digest` of the state the manager
saw; :func:`changed_since_approval` compares it with the state as it is now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..catalogue import Catalogue
from .cse.checks import cse_problems
from .digest import inspection_digest
from .models import InspectionDocument, ReviewEntry
from .problems import Problem, standards_problems
from .time import shown

STATUS_ACTIONS = {"submit": "submitted", "approve": "approved", "return": "returned",
                  "reopen": "draft"}
# Concurrent latest entries resolve to the least final state.
_PRECEDENCE = ("reopen", "return", "submit", "approve")
CHANGED = "changed_since_approval"  # a display status: approved, content changed since


@dataclass(frozen=True, slots=True)
class Step:
    """One review entry where it sits in the log."""

    event_id: str
    device: str
    seq: int
    entry: Mapping[str, Any]

    @property
    def action(self) -> str:
        return str(self.entry.get("action", ""))

    @property
    def seen(self) -> Mapping[str, int] | None:
        seen = self.entry.get("seen")
        return seen if isinstance(seen, dict) else None

    @classmethod
    def of(cls, event_id: str, entry: Mapping[str, Any]) -> Step:
        device, _, seq = event_id.rpartition("-")
        return cls(event_id, device, int(seq) if seq.isdigit() else 0, entry)


def happened_before(a: Step, b: Step) -> bool:
    """Whether ``b``'s author had seen ``a`` when writing ``b``."""
    if a.device == b.device:
        return a.seq < b.seq
    seen = b.seen
    if seen is not None:
        return int(seen.get(a.device, 0)) >= a.seq
    if a.seen is None:  # two legacy entries: the only order they have is their time
        return str(a.entry.get("at", "")) < str(b.entry.get("at", ""))
    return False


def causal_order(steps: Iterable[Step]) -> list[Step]:
    """The steps in an order that respects happened-before (ties by event id)."""
    pending = sorted(steps, key=lambda s: (str(s.entry.get("at", "")), s.event_id))
    ordered: list[Step] = []
    while pending:
        for i, step in enumerate(pending):
            if not any(happened_before(o, step) for o in pending if o is not step):
                ordered.append(pending.pop(i))
                break
        else:  # a cycle only legacy clocks could make: keep the time order
            ordered.extend(pending)
            break
    return ordered


def latest(steps: Iterable[Step]) -> list[Step]:
    """The status steps no other status step follows."""
    status_steps = [s for s in steps if s.action in STATUS_ACTIONS]
    return [s for s in status_steps
            if not any(happened_before(s, o) for o in status_steps if o is not s)]


def deciding_step(steps: Iterable[Step]) -> Step | None:
    """The step the status comes from (the least final of concurrent latest ones)."""
    tops = latest(steps)
    if not tops:
        return None
    return min(tops, key=lambda s: (_PRECEDENCE.index(s.action), s.event_id))


def derive_status(steps: Iterable[Step]) -> str:
    """The workflow status from the review steps, in causal order (see the module doc)."""
    step = deciding_step(steps)
    return STATUS_ACTIONS[step.action] if step else "draft"


def knowledge(steps: Iterable[Step], device: str, seq: int) -> list[Step]:
    """The steps ``device`` certainly knew of when it wrote its event number ``seq``."""
    steps = list(steps)
    vector: dict[str, int] = {device: seq - 1}
    for s in steps:
        if s.device == device and s.seq < seq and s.seen:
            for d, n in s.seen.items():
                if int(n) > vector.get(d, 0):
                    vector[d] = int(n)
    return [s for s in steps if vector.get(s.device, 0) >= s.seq]


def step_refusal(steps: Iterable[Step], step: Step) -> str | None:
    """Why ``step`` is not a valid transition from the state its author saw, or None."""
    action, role = step.action, step.entry.get("role")
    if action == "comment":
        return None
    if step.seen is None:
        return "a review entry must say what its author had seen (seen)"
    seen_steps = [s for s in steps if s is not step and happened_before(s, step)]
    before = derive_status(seen_steps)
    if action == "submit":
        if before not in EDITABLE:
            return f"cannot submit: the inspection was {before} as its author saw it"
    elif action in ("approve", "return"):
        if role != "manager":
            return f"only a manager can {action} an inspection"
        decider = deciding_step(seen_steps)
        again = (before == "approved" and decider is not None and (
            action == "return" or decider.entry.get("digest") != step.entry.get("digest")))
        if before != "submitted" and not again:
            return (f"cannot {action}: the inspection was {before}, not submitted, as its "
                    "author saw it")
        if action == "approve" and not step.entry.get("digest"):
            return "an approval must carry the digest of the state approved"
    elif action == "reopen":
        refusal = reopen_refusal(before, str(role))
        if refusal:
            return f"cannot reopen: {refusal}"
    return None


def edit_bypass(steps: Iterable[Step], device: str, seq: int) -> str | None:
    """Why an edit by ``device`` (its event ``seq``) bypasses the review, or None.

    Refused only when the device's own log shows it knew the record was read-only and no
    return or reopen it might have seen came after; see the module doc."""
    steps = list(steps)
    known = knowledge(steps, device, seq)
    ids = {s.event_id for s in known}
    maybe = known + [s for s in steps if s.event_id not in ids
                     and s.action in ("return", "reopen")]
    status = derive_status(maybe)
    if status in EDITABLE:
        return None
    return (f"the inspection was {status} as this device knew it, and no one reopened it: "
            "an edit needs a reopen first")


def return_entry(doc: InspectionDocument) -> ReviewEntry | None:
    """The manager's return that the status comes from, while the inspection is returned:
    its comment is what the inspector has to act on, so every screen that opens it shows
    it."""
    if doc.status != "returned":
        return None
    return next((e for e in reversed(doc.review) if e.action == "return"), None)


def changed_since_approval(doc: InspectionDocument) -> ReviewEntry | None:
    """The approval the status comes from, when the content no longer matches its digest.

    ``doc.review`` is in causal order (the read model sorts it so), so its last approval is
    the one an approved status comes from."""
    if doc.status != "approved":
        return None
    approval = next((e for e in reversed(doc.review) if e.action == "approve"), None)
    if approval is None or not approval.digest or approval.digest == inspection_digest(doc):
        return None
    return approval


def is_final(doc: InspectionDocument) -> bool:
    """Whether a report of ``doc`` is FINAL: approved, and the content is still what the
    manager approved. Any other report is a DRAFT."""
    return doc.status == "approved" and changed_since_approval(doc) is None


def report_file_name(doc: InspectionDocument) -> str:
    """The report's file name: a DRAFT and a FINAL are separate files, so that making a
    draft never overwrites the approved report (nor the reverse)."""
    kind = "FINAL" if is_final(doc) else "DRAFT"
    return f"{doc.provider.urn}-{doc.id}-{kind}.pdf"


def display_status(doc: InspectionDocument) -> str:
    """The status to show: the document's, or :data:`CHANGED`."""
    return CHANGED if changed_since_approval(doc) is not None else doc.status


# What a manager decides on (approve, or return with a comment): a submission, or an
# approval whose content changed since, which a manager approves again or returns.
AWAITING_DECISION = ("submitted", CHANGED)


def awaits_decision(doc: InspectionDocument) -> bool:
    return display_status(doc) in AWAITING_DECISION


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


def review_actions(doc: InspectionDocument, role: str) -> tuple[str, ...]:
    """What ``role`` may do to ``doc`` now, in the order a screen offers them: the same
    transitions :func:`step_refusal` allows, so a screen offers only what will be taken.
    A comment is always possible; nobody edits findings while it is read-only."""
    status = doc.status
    actions: list[str] = []
    if status in EDITABLE:
        actions.append("submit")
    if role == "manager" and (status == "submitted" or changed_since_approval(doc)):
        actions += ["approve", "return"]
    if reopen_refusal(status, role) is None:
        actions.append("reopen")
    actions.append("comment")
    return tuple(actions)


def approval_warnings(doc: InspectionDocument, catalogue: Catalogue) -> list[Problem]:
    """The open problems a manager is warned of before approving: every line of the review
    list but the one that says it changed since an approval (the reason to approve again)."""
    return [p for p in review_problems(doc, catalogue) if p.kind != "changed_since_approval"]


def progress(doc: InspectionDocument, catalogue: Catalogue) -> int:
    """Percentage of standards items assessed."""
    return progress_of({f.item_id: f.status for f in doc.findings}, catalogue)


def progress_of(statuses: Mapping[str, str], catalogue: Catalogue) -> int:
    """Percentage of standards items assessed, from item id -> finding status (the
    workspace asks with the statuses it shows before the save has reached the store)."""
    total = sum(1 for _ in catalogue.items())
    if not total:
        return 100
    assessed = sum(1 for item_id, status in statuses.items()
                   if status != "not_assessed" and catalogue.has_item(item_id))
    return round(100 * assessed / total)


def review_problems(doc: InspectionDocument, catalogue: Catalogue) -> list[Problem]:
    """Every line of the review list: what is wrong before what is merely not done yet,
    otherwise in catalogue order."""
    problems = standards_problems(doc, catalogue) + cse_problems(doc, catalogue)
    approval = changed_since_approval(doc)
    if approval is not None:
        problems.insert(0, Problem(
            "changed_since_approval",
            f"Changed since approval: {approval.by} approved it ({shown(approval.at)}) and the "
            "content has changed since; a manager approves it again or returns it",
            "review"))
    return sorted(problems, key=lambda p: p.kind == "not_assessed")
