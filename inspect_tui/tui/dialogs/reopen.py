"""Reopening a submitted or approved inspection: asked, and recorded as a review entry.

A read-only inspection becomes editable only by the inspector's choice, never by a stray
key: Ctrl+O asks, the answer is given with Ctrl+S (a deliberate key typing cannot make),
and the service writes a ``reopen`` review entry with the reason. Whether this person may
reopen it now is the domain's rule (``reopen_refusal``, through the service); this only
asks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...domain.review import reopen_refusal
from ..keys import key_label

REOPEN_KEY = "ctrl+o"

QUESTIONS = {
    "submitted": "Reopen this submitted inspection to edit it? It goes back to draft and "
                 "you submit it again when done.",
    "approved": "Reopen this approved inspection to edit it? It goes back to draft, the "
                "report is no longer FINAL, and a manager must approve it again.",
}


def read_only_hint(status: str, role: str) -> str:
    """One line for a read-only screen: why, and what this person can do about it."""
    if reopen_refusal(status, role) is None:
        return f"read-only · {key_label(REOPEN_KEY)} reopens"
    return "read-only · v to review"


def ask_reopen(screen: Any, iid: str, done: Callable[[], None]) -> None:
    """Ask to reopen ``iid``; on yes record the reopen and call ``done``."""
    from .prompts import TextPromptScreen

    doc = screen.call(lambda s: s.load(iid))
    profile = screen.call(lambda s: s.profile())
    role = profile.role if profile else "inspector"
    refusal = reopen_refusal(doc.status, role)
    if refusal:
        screen.notify(f"Cannot reopen: {refusal}", severity="warning", timeout=6)
        return

    def answered(reason: str | None) -> None:
        if reason is None:
            return
        ok, message = screen.try_call(lambda s: s.reopen(iid, reason.strip()))
        if not ok:
            screen.notify(message, severity="error", timeout=6)
            return
        screen.notify("Reopened: back to draft, recorded in the review history", timeout=4)
        done()

    screen.app.push_screen(TextPromptScreen(
        "Reopen to edit?", QUESTIONS[doc.status] + "\nWhy (recorded in the review history; "
        "optional). Ctrl+S reopens · Escape keeps it as it is.", required=False,
        ok_label="Reopen"), answered)
