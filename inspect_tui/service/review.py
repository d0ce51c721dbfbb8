"""The review workflow through the service: submit, approve, return, comment.

The rules of which step is allowed when are in :mod:`inspect_tui.domain.review`; this
part checks the role of who is asking and writes the review entry.
"""

from __future__ import annotations

from ..domain.digest import inspection_digest
from ..domain.problems import Problem
from ..domain.review import (
    approval_warnings,
    awaits_decision,
    reopen_refusal,
    review_actions,
)
from ..errors import Forbidden, Invalid
from .core import ServiceCore


class ReviewPart(ServiceCore):
    def submit(self, iid: str, comment: str = "") -> None:
        status = self.load(iid).status
        if status not in ("draft", "returned"):
            raise Invalid(f"cannot submit: the inspection is {status}")
        self.store.record([self.review_edit(iid, "submit", comment)], self.author())

    def approve(self, iid: str, comment: str = "", digest: str | None = None) -> None:
        """Approve the state as it is now. ``digest``: the state the manager read (a page
        or a PDF); refused if the record has changed since, so an approval never covers
        what its manager did not see."""
        self._require_manager("approve")
        doc = self.load(iid)
        current = inspection_digest(doc)
        if digest is not None and digest != current:
            raise Invalid("cannot approve: the inspection has changed since you read it; "
                          "read it again")
        if not awaits_decision(doc):
            raise Invalid(f"cannot approve: the inspection is {doc.status}, not submitted")
        self.store.record([self.review_edit(iid, "approve", comment, digest=current)],
                          self.author())

    def return_for_changes(self, iid: str, comment: str) -> None:
        self._require_manager("return")
        if not comment.strip():
            raise Invalid("return: say what needs to change")
        doc = self.load(iid)
        if not awaits_decision(doc):
            raise Invalid(f"cannot return: the inspection is {doc.status}, not submitted")
        self.store.record([self.review_edit(iid, "return", comment)], self.author())

    def reopen(self, iid: str, comment: str = "") -> None:
        """Take a submitted or approved inspection back to draft so it can be edited."""
        status = self.load(iid).status
        profile = self.profile()
        refusal = reopen_refusal(status, profile.role if profile else "inspector")
        if refusal:
            raise Invalid(f"cannot reopen: {refusal}")
        self.store.record([self.review_edit(iid, "reopen", comment)], self.author())

    def review_actions(self, iid: str) -> tuple[str, ...]:
        """What the profile's role may do to the inspection now (see the domain)."""
        profile = self.profile()
        return review_actions(self.load(iid), profile.role if profile else "inspector")

    def approval_warnings(self, iid: str) -> list[Problem]:
        """The open problems to warn of before approving (every door warns the same)."""
        return approval_warnings(self.load(iid), self.catalogue)

    def comment(self, iid: str, comment: str) -> None:
        self.load(iid)
        if not comment.strip():
            raise Invalid("comment: the comment is empty")
        self.store.record([self.review_edit(iid, "comment", comment)], self.author())

    def _require_manager(self, verb: str) -> None:
        profile = self.profile()
        if profile is None or profile.role != "manager":
            raise Forbidden(f"only a manager can {verb} an inspection "
                            "(set your profile with `inspect-tui profile`)")
