"""The key line while a field has focus: which field is being edited, what it belongs
to, and the keys that work there. It takes the footer's place (see ``tui.keys``)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from .keyline import key_item, pack


class FieldBar(Static):
    DEFAULT_CSS = """
    FieldBar { dock: bottom; height: auto; max-height: 3; padding: 0 1; background: $accent;
               color: $text; }
    """

    items: list[Text] = []

    def on_mount(self) -> None:
        self.display = False

    def show_field(self, name: str, context: str, keys: list[tuple[str, str]]) -> None:
        items = [Text(f" ✎ {name} ", style="bold reverse")]
        items += [key_item(key, label) for key, label in keys]
        if context:  # last: the form's own title names it too
            items.append(Text(context))
        self.items = items
        self.update(pack(items, self.content_width()))

    def content_width(self) -> int:
        # Docked across the whole screen, less its padding; its own region is stale while
        # it is hidden, and it is shown only after this.
        return self.screen.size.width - 2

    def on_resize(self, event) -> None:
        if self.items:
            self.update(pack(self.items, self.content_width()))
