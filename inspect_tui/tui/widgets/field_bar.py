"""The key line while a field has focus: which field is being edited, what it belongs
to, and the keys that work there. It takes the footer's place (see ``tui.keys``)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class FieldBar(Static):
    DEFAULT_CSS = """
    FieldBar { dock: bottom; height: 1; padding: 0 1; background: $accent; color: $text;
               text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def on_mount(self) -> None:
        self.display = False

    def show_field(self, name: str, context: str, keys: list[tuple[str, str]]) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" ✎ {name} ", style="bold reverse")
        for key, label in keys:
            text.append("  ")
            text.append(key, style="bold")
            text.append(f" {label}")
        if context:  # last: the form's own title names it too, where the bar is short
            text.append(f"  {context}")
        self.update(text)
