"""Small modal dialogs with typed results: a one-line prompt, a text prompt, a yes/no."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from ..keys import CONFIRM_KEY, key_label
from ..screens.base import BaseModal


class PromptScreen(BaseModal[Any]):
    """A one-line prompt. With ``submit``, Enter hands the text to it (a service call
    that returns ``(ok, result or message)``): the dialog closes with the result, or stays
    open with the text as typed and the message beside it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, hint: str = "", value: str = "",
                 submit: Callable[[str], tuple[bool, Any]] | None = None) -> None:
        super().__init__()
        self.title_text, self.hint, self.value = title, hint, value
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if self.hint:
                yield Label(self.hint, classes="hint", markup=False)
            yield Input(value=self.value, id="prompt-input")
            yield Static("", id="prompt-error", classes="error", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#prompt-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.submit is None:
            self.dismiss(event.value)
            return
        text = event.value.strip()
        if not text:
            self.dismiss(None)
            return
        ok, result = self.submit(text)
        if ok:
            self.dismiss(result)
            return
        self.query_one("#prompt-error", Static).update(f"✗ {result}")
        event.input.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPromptScreen(BaseModal[str | None]):
    """Several lines of text (a comment to return an inspection with)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "ok", "OK", priority=True)]

    def __init__(self, title: str, hint: str = "", required: bool = True,
                 ok_label: str = "OK") -> None:
        super().__init__()
        self.title_text, self.hint, self.required = title, hint, required
        self.ok_label = ok_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if self.hint:  # a Static, not a Label: a long hint wraps rather than is cut
                yield Static(self.hint, classes="hint", markup=False)
            yield TextArea(id="prompt-text", soft_wrap=True)
            yield Static("", id="prompt-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.ok_label} (Ctrl+S)", variant="primary", id="ok")
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
    """A question whose "yes" typing ahead cannot give.

    Only a deliberate key confirms: the one that asked again (Delete for a removal) or
    ``keys`` (Ctrl+Y by default), or a click on the button. Enter, Escape and every
    printable key (the "y" of a word typed on) leave things as they are.
    """

    BINDINGS = [Binding("escape", "no", "Keep")]

    def __init__(self, question: str, confirm: str = "Yes", keys: str = CONFIRM_KEY,
                 keep: str = "No") -> None:
        super().__init__()
        self.question = question
        self.confirm_label, self.keep_label = confirm, keep
        self.keys = {k.strip() for k in keys.split(",")}
        self.key_label = key_label(keys.split(",")[0].strip())

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(escape(self.question), classes="dialog-title")
            yield Static(f"{self.key_label} {self.confirm_label.lower()} · Enter or Escape: "
                         f"{self.keep_label.lower()}", classes="hint")
            with Horizontal(classes="buttons"):
                yes = Button(f"{self.confirm_label} ({self.key_label})", variant="error",
                             id="yes")
                yes.can_focus = False  # not reachable by Tab: only its key or a click
                yield yes
                yield Button(f"{self.keep_label} (Enter)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_key(self, event) -> None:
        if event.key in self.keys:
            event.stop()
            event.prevent_default()
            self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)
