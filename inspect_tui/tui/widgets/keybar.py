"""A list of keys that never rebuilds itself on focus changes (cheap, unlike Textual's
Footer): laid out again only when its width changes, on as many lines as it needs."""

from __future__ import annotations

from textual.widgets import Static

from .keyline import key_item, pack


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { height: auto; max-height: 3; background: $panel; color: $text-muted;
             padding: 0 1; }
    """

    def __init__(self, keys: list[tuple[str, str]], **kwargs) -> None:
        self.items = [key_item(key, label) for key, label in keys]
        super().__init__(pack(self.items, 78), **kwargs)

    def on_resize(self, event) -> None:
        self.update(pack(self.items, self.content_region.width or event.size.width))
