"""Small modal dialogs with typed results: a one-line prompt, a text prompt, a yes/no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from .base import BaseModal


class PromptScreen(BaseModal[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, hint: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text, self.hint, self.value = title, hint, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.title_text, classes="dialog-title")
            if self.hint:
                yield Label(self.hint, classes="hint")
            yield Input(value=self.value, id="prompt-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPromptScreen(BaseModal[str | None]):
    """Several lines of text (a comment to return an inspection with)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "ok", "OK", priority=True)]

    def __init__(self, title: str, hint: str = "", required: bool = True) -> None:
        super().__init__()
        self.title_text, self.hint, self.required = title, hint, required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            if self.hint:
                yield Label(self.hint, classes="hint")
            yield TextArea(id="prompt-text", soft_wrap=True)
            yield Static("", id="prompt-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("OK (Ctrl+S)", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_ok()
        else:
            self.action_cancel()

    def action_ok(self) -> None:
        text = self.query_one(TextArea).text
        if self.required and not text.strip():
            self.query_one("#prompt-error", Static).update("Write something first")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(BaseModal[bool]):
    BINDINGS = [Binding("escape", "no", "No"), Binding("y", "yes", "Yes"),
                Binding("n", "no", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.question, classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
