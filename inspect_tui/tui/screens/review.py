"""The review list (what is incomplete or inconsistent; Enter jumps to it) and the review
workflow: submit, and for managers approve or return with a comment."""

from __future__ import annotations

from collections.abc import Callable

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.cse.checks import KIND_LABELS as CSE_KIND_LABELS
from ...domain.review import display_status, return_entry
from ...domain.time import shown
from ...domain.vocab import DISPLAY_STATUSES
from ..dialogs.reopen import REOPEN_KEY, ask_reopen
from ..keys import edit_binding
from .base import BaseScreen

KIND_LABELS = {
    "not_assessed": "Not assessed",
    "no_evidence": "No evidence",
    "no_action": "No action",
    "no_due_date": "No due date",
    "empty_action": "Empty action",
    "no_outcome": "No outcome",
    "no_rationale": "No evaluation",
    "conflict": "Conflict",
    **CSE_KIND_LABELS,
}


def kind_label(kind: str) -> str:
    """A short label for a problem kind, including kinds other modules add (``cse_…``)."""
    if kind in KIND_LABELS:
        return KIND_LABELS[kind]
    if kind.startswith("cse_"):
        return "CSE"
    return kind.replace("_", " ").capitalize()


HINTS = {"submit": "s submits", "approve": "A approves", "return": "R returns",
         "reopen": "^O reopens to edit", "comment": "m comments"}
STEP_ACTIONS = ("submit", "approve", "return")  # keyed steps the domain may not allow
WARN_LINES = 5  # open problems named in the approval question; the rest are counted
WARN_WIDTH = 54  # one line each in the question's dialog at 80 columns


def approval_question(warnings: list) -> str:
    """The approval question with the open problems it would approve over: how many of
    each kind, and the first few, one line each, so the question and its keys fit 24
    rows."""
    question = "Approve this inspection? The report will say FINAL."
    if not warnings:
        return question
    counts: dict[str, int] = {}
    for problem in warnings:
        label = kind_label(problem.kind).lower()
        counts[label] = counts.get(label, 0) + 1
    lines = [f"\n⚠ {len(warnings)} open problem(s): "
             + ", ".join(f"{n} {label}" for label, n in counts.items())]
    for problem in warnings[:WARN_LINES]:
        line = f"• {kind_label(problem.kind)}: {problem.message.removesuffix(': not assessed')}"
        lines.append(line if len(line) <= WARN_WIDTH else line[:WARN_WIDTH - 1] + "…")
    if len(warnings) > WARN_LINES:
        lines.append(f"… and {len(warnings) - WARN_LINES} more on the review list")
    return question + "\n".join(lines)


class ReviewScreen(BaseScreen[str | None]):
    HELP = """\
Review: everything still incomplete or inconsistent. Enter jumps to the place to fix it.
  Enter      go to the highlighted problem
  s          submit for review (inspector)   m   add a comment
  A          approve (manager)               R   return with a comment (manager)
  Ctrl+O     reopen a submitted or approved one to edit it (asks; recorded)
  Escape     back to the workspace
"""
    BINDINGS = [
        Binding("s", "submit", "Submit"),
        Binding("A", "approve", "Approve"),
        Binding("R", "return", "Return"),
        Binding("m", "comment", "Comment"),
        edit_binding(REOPEN_KEY, "reopen", "Reopen", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, iid: str, open_place: Callable[[str], None] | None = None) -> None:
        """``open_place``: opens a place other than an item (a young person, the CSE
        screen, an action, the outcome) over this list, so that Escape returns here."""
        super().__init__()
        self.iid = iid
        self.open_place = open_place
        self.problems: list = []
        self.allowed: tuple[str, ...] = ()  # the review steps this person may take now

    def compose(self) -> ComposeResult:
        with Vertical(id="workflow", classes="workflow"):
            yield Static("", id="workflow-status")
            yield Static("", id="workflow-comments")
        yield Static("", id="review-count", classes="hint")
        yield OptionList(id="problems")
        yield self.key_footer()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#problems", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        doc = self.call(lambda s: s.load(self.iid))
        self.doc = doc
        self.problems = self.call(lambda s: s.check(doc))
        conflicts = self.call(lambda s: s.conflicts(self.iid))
        profile = self.call(lambda s: s.profile())
        options = []
        if conflicts:
            options.append(Option(f"[b]Conflict[/b]  {len(conflicts)} field(s) were changed "
                                  "on two devices: choose the value to keep",
                                  id="conflicts:"))
        # Inconsistencies first: they are what an inspector must fix before leaving; the
        # long list of items not yet assessed comes after them.
        ordered = sorted(enumerate(self.problems),
                         key=lambda ip: (ip[1].kind == "not_assessed", ip[0]))
        for index, problem in ordered:
            label = kind_label(problem.kind)
            message = problem.message.removesuffix(": not assessed")
            options.append(Option(f"[b]{label:<13}[/b] {escape(message)}",
                                  id=f"{index}|{problem.where}"))
        problems = self.query_one("#problems", OptionList)
        highlighted = problems.highlighted
        problems.clear_options()
        problems.add_options(options)
        if options:
            problems.highlighted = min(highlighted or 0, len(options) - 1)
        total = len(options)
        counts: dict[str, int] = {}
        for problem in self.problems:
            label = kind_label(problem.kind).lower()
            counts[label] = counts.get(label, 0) + 1
        if conflicts:
            counts = {"conflict": len(conflicts), **counts}
        summary = " · ".join(f"{n} {label}" for label, n in
                             sorted(counts.items(), key=lambda kv: kv[0] == "not assessed"))
        self.query_one("#review-count", Static).update(
            "Nothing to review: every item is assessed and consistent." if not total else
            f"{total} to look at (Enter goes there): {summary}")
        status = DISPLAY_STATUSES[display_status(doc)]
        role = profile.role if profile else "inspector"
        # What this person may do now is the domain's rule; this only names the keys.
        allowed = self.call(lambda s: s.review_actions(self.iid))
        if allowed != self.allowed:
            self.allowed = allowed
            self.refresh_bindings()
        hints = [HINTS[a] for a in allowed if a in HINTS]
        self.query_one("#workflow-status", Static).update(
            f"[b]{escape(doc.provider.name)}[/b] · status [reverse] {status} [/reverse] · "
            f"you are {role} · " + " · ".join(hints))
        comments = [e for e in doc.review if e.comment]
        lines = []
        for entry in comments[-3:]:
            lines.append(f"{shown(entry.at)} {escape(entry.by)} "
                         f"({entry.action}): {escape(entry.comment)}")
        returned = return_entry(doc)
        if returned is not None:
            lines.insert(0, f"[b]Returned by {escape(returned.by)}:[/b] "
                            f"{escape(returned.comment)}")
        box = self.query_one("#workflow-comments", Static)
        box.update("\n".join(lines))
        box.display = bool(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Submit, approve and return are offered (footer, key, palette) only to whom the
        # domain allows them now: an inspector never sees A or R, a stray key does nothing.
        if action in STEP_ACTIONS:
            return action in self.allowed
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        where = option_id.split("|", 1)[1] if "|" in option_id else option_id.rstrip(":")
        if where.startswith("cse:") and "|" in option_id:
            from .cse import tab_for_problem

            # Open the young person's CSE screen on the tab the problem is about.
            problem = self.problems[int(option_id.split("|", 1)[0])]
            where = f"{where}#{tab_for_problem(problem.kind)}"
        if where == "conflicts":
            from .conflicts import ConflictsScreen

            self.app.push_screen(ConflictsScreen(self.iid))
            return
        if self.open_place is not None and not where.startswith("item:"):
            self.open_place(where)
            return
        self.dismiss(where)

    def workflow(self, call, done: str) -> None:
        ok, message = self.try_call(call)
        if not ok:
            self.notify(message, severity="error", timeout=6)
        else:
            self.notify(done, timeout=3)
        self.load()

    async def action_submit(self) -> None:
        from ..dialogs.prompts import ConfirmScreen

        await self.backend.wait_idle()
        problems = len(self.problems)
        iid = self.iid

        def submit(yes: bool | None) -> None:
            if yes:
                self.workflow(lambda s: s.submit(iid), "Submitted for review")

        # Asked, not done at once: a stray "s" typed outside a note must not submit.
        question = "Submit this inspection for review?"
        if problems:
            question += f"\n{problems} thing(s) on the review list are still open."
        self.app.push_screen(ConfirmScreen(question), submit)

    async def action_approve(self) -> None:
        from ..dialogs.prompts import ConfirmScreen

        await self.backend.wait_idle()
        iid = self.iid

        def approve(yes: bool | None) -> None:
            if yes:
                self.workflow(lambda s: s.approve(iid), "Approved")

        warnings = self.call(lambda s: s.approval_warnings(iid))
        self.app.push_screen(ConfirmScreen(approval_question(warnings),
                                           confirm="Approve anyway" if warnings
                                           else "Approve"), approve)

    def action_reopen(self) -> None:
        ask_reopen(self, self.iid, self.load)

    def action_return(self) -> None:
        from ..dialogs.prompts import TextPromptScreen

        iid = self.iid
        profile = self.call(lambda s: s.profile())
        if profile is None or profile.role != "manager":
            self.notify("Only a manager can return an inspection (set your role with "
                        "Ctrl+P → Profile)", severity="warning", timeout=5)
            return
        if self.doc.status != "submitted":
            self.notify(f"Only a submitted inspection can be returned; this one is "
                        f"{self.doc.status}", severity="warning", timeout=5)
            return

        def returned(comment: str | None) -> None:
            if comment:
                self.workflow(lambda s: s.return_for_changes(iid, comment),
                              "Returned to the inspector")

        self.app.push_screen(TextPromptScreen("Return for changes",
                                              "Say what needs to change"), returned)

    def action_comment(self) -> None:
        from ..dialogs.prompts import TextPromptScreen

        iid = self.iid

        def commented(comment: str | None) -> None:
            if comment:
                self.workflow(lambda s: s.comment(iid, comment), "Comment added")

        self.app.push_screen(TextPromptScreen("Add a comment"), commented)

    def action_back(self) -> None:
        self.dismiss(None)

    def palette_commands(self):
        commands = [("submit", "Submit for review", "Send to a manager (s)",
                     self.action_submit),
                    ("approve", "Approve", "Managers: approve the inspection (A)",
                     self.action_approve),
                    ("return", "Return for changes", "Managers: return with a comment (R)",
                     self.action_return),
                    ("comment", "Add a comment", "A review comment (m)", self.action_comment),
                    ("reopen", "Reopen to edit", "Back to draft; asks first (Ctrl+O)",
                     self.action_reopen)]
        return [(title, help_text, callback) for step, title, help_text, callback in commands
                if step in self.allowed]
