"""Who is using this machine: name and role (inspector or manager)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioSet, Static

from ..widgets.choices import Choice, ChoiceSet
from .base import BaseModal


class ProfileScreen(BaseModal):
    HELP = """\
Profile: your name (shown on findings and reports) and your role.
  Enter / Ctrl+S  save    Escape  cancel (not on first run)
"""
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        profile = self.call(lambda s: s.profile())
        with Vertical(id="profile-dialog", classes="dialog"):
            yield Static("Welcome to inspect-tui" if self.first_run else "Your profile",
                         classes="dialog-title")
            if self.first_run:
                yield Static("Before you start: who are you? Your name goes on the findings "
                             "you record and on reports.", classes="hint")
            yield Label("Name")
            yield Input(value=profile.name if profile else "", placeholder="e.g. Sam Okafor",
                        id="profile-name")
            yield Label("Role")
            with ChoiceSet(id="profile-role"):
                yield Choice("Inspector: records findings",
                                  value=not profile or profile.role == "inspector",
                                  id="role-inspector")
                yield Choice("Manager: reviews, approves or returns",
                                  value=bool(profile and profile.role == "manager"),
                                  id="role-manager")
            yield Static("", id="profile-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="profile-save")
                if not self.first_run:
                    yield Button("Cancel", id="profile-cancel")

    def on_mount(self) -> None:
        self.query_one("#profile-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "profile-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        name = self.query_one("#profile-name", Input).value
        pressed = self.query_one("#profile-role", RadioSet).pressed_button
        role = "manager" if pressed is not None and pressed.id == "role-manager" else "inspector"
        ok, result = self.try_call(lambda s: s.set_profile(name, role))
        if not ok:
            self.query_one("#profile-error", Static).update(result)
            return
        self.notify(f"Profile saved: {result.name} ({result.role})", timeout=3)
        self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.first_run:
            self.dismiss(None)
