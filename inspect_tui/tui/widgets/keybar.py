"""A one-line list of keys that never rebuilds itself (cheap, unlike Textual's Footer)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { height: 1; background: $panel; color: $text-muted; padding: 0 1;
             text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, keys: list[tuple[str, str]], **kwargs) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, (key, label) in enumerate(keys):
            if index:
                text.append("  ")
            text.append(key, style="bold")
            text.append(f" {label}")
        super().__init__(text, **kwargs)
