"""A list of keys that never rebuilds itself on focus changes (cheap, unlike Textual's
Footer): laid out again only when its width changes, on as many lines as it needs."""

from __future__ import annotations

from textual.widgets import Static

from .keyline import key_item, pack

PADDING = 2  # the left and right padding below


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { height: auto; max-height: 3; background: $panel; color: $text-muted;
             padding: 0 1; }
    """

    def __init__(self, keys: list[tuple[str, str]], **kwargs) -> None:
        self.items = [key_item(key, label) for key, label in keys]
        # Packed for the width it will have (the screen's, less the padding), so that its
        # first Resize changes nothing and costs no second layout of the screen.
        try:
            self._width = self.app.size.width - PADDING
        except RuntimeError:  # Textual's NoActiveAppError: built outside a running app
            self._width = 78
        super().__init__(pack(self.items, self._width), **kwargs)

    def on_resize(self, event) -> None:
        width = self.content_region.width or event.size.width
        if width != self._width:
            self._width = width
            self.update(pack(self.items, width))
