"""Who may hold an inspection, and erasing text from its record: two small dialogs.

*Members* (``m`` in the workspace): the lead inspector, the team and the reviewing
managers, who receive the inspection through the hub (need-to-know); edited here as
comma-separated names and saved as inspection fields, so the change syncs.

*Redact* (``x``, managers only): type the text to erase and the reason; the dialog lists
every value that holds it before anything changes; Ctrl+S erases it here, and the next
sync everywhere. The rules are in the domain (membership, redaction).
"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from ...errors import ServiceError
from ..screens.base import BaseModal
from ..widgets.boxes import ReadingPane


def _names(text: str) -> list[str]:
    return [" ".join(n.split()) for n in text.split(",") if n.strip()]


class MembersScreen(BaseModal[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self, iid: str) -> None:
        super().__init__()
        self.iid = iid

    def compose(self) -> ComposeResult:
        doc = self.app.backend.call(lambda s: s.load(self.iid))
        with Vertical(classes="dialog"):
            yield Static("Members: who receives this inspection", classes="dialog-title")
            yield Label(f"Lead inspector: {escape(doc.lead_inspector)} (and whoever "
                        "created it)", classes="hint")
            yield Label("Team (inspectors, comma-separated)")
            yield Input(", ".join(doc.team), id="members-team")
            yield Label("Reviewers (managers, comma-separated)")
            yield Input(", ".join(doc.reviewers), id="members-reviewers")
            yield Label("A manager also sees the inspections of their team, or all, as "
                        "set on the hub.", classes="hint")
            yield Static("", id="members-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (Ctrl+S)", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#members-team", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        team = _names(self.query_one("#members-team", Input).value)
        reviewers = _names(self.query_one("#members-reviewers", Input).value)
        try:
            self.app.backend.call(lambda s: s.update_inspection(
                self.iid, team=team, reviewers=reviewers))
        except ServiceError as exc:
            self.query_one("#members-error", Static).update(escape(str(exc)))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class RedactScreen(BaseModal[int]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "erase", "Erase", priority=True)]

    def __init__(self, iid: str) -> None:
        super().__init__()
        self.iid = iid

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Redact: erase text from this inspection's record everywhere",
                         classes="dialog-title")
            yield Label("Text to erase (any case; e.g. a young person's name)")
            yield Input(id="redact-find")
            yield Label("Reason (kept with the redaction)")
            yield Input(id="redact-reason")
            yield Static("", id="redact-error", classes="error")  # under the fields it is of
            with ReadingPane(id="redact-preview-box"):
                yield Static("Type the text to see which values hold it.",
                             id="redact-preview")
            with Horizontal(classes="buttons"):
                yield Button("Erase (Ctrl+S)", variant="error", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        profile = self.app.backend.call(lambda s: s.profile())
        if profile is None or profile.role != "manager":
            self.query_one("#redact-error", Static).update("Only a manager can redact.")
        self.query_one("#redact-find", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "redact-find":
            self.preview(event.value)

    def preview(self, find: str) -> None:
        box = self.query_one("#redact-preview", Static)
        if len(find.strip()) < 2:
            box.update("Type the text to see which values hold it.")
            return
        try:
            planned = self.app.backend.call(lambda s: s.redaction.plan(self.iid, find))
        except ServiceError as exc:
            box.update(escape(str(exc)))
            return
        if not planned:
            box.update("No value holds that text.")
            return
        lines = [f"Will erase {len(planned)} value{'s' if len(planned) != 1 else ''}:"]
        lines += [f"• {escape(p.describe())}" for p in planned]
        box.update("\n".join(lines))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_erase()
        else:
            self.action_cancel()

    def action_erase(self) -> None:
        find = self.query_one("#redact-find", Input).value
        reason = self.query_one("#redact-reason", Input).value
        try:
            done = self.app.backend.call(lambda s: s.redaction.redact(self.iid, find, reason))
        except ServiceError as exc:
            self.query_one("#redact-error", Static).update(escape(str(exc)))
            # The cursor goes where the fix is: the reason if that is what is missing.
            fields = getattr(exc, "fields", {})
            self.query_one("#redact-reason" if "reason" in fields else "#redact-find",
                           Input).focus()
            return
        self.dismiss(len(done))

    def action_cancel(self) -> None:
        self.dismiss(0)
