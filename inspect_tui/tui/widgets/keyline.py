"""Key lines that fit: items ("Tab next", "^s Create") packed into as many lines as the
width needs, never one cut in half or lost past the edge at 80 columns."""

from __future__ import annotations

from rich.text import Text

SEPARATOR = "  "


def key_item(key: str, label: str) -> Text:
    item = Text()
    item.append(key, style="bold")
    if label:
        item.append(f" {label}")
    return item


def pack(items: list[Text], width: int) -> Text:
    """``items`` in lines of at most ``width`` cells, an item never split (one wider
    than the line is cut with an ellipsis)."""
    width = max(10, width)
    out = Text(no_wrap=True, overflow="ellipsis")
    used = 0
    for item in items:
        size = item.cell_len
        if used and used + len(SEPARATOR) + size > width:
            out.append("\n")
            used = 0
        elif used:
            out.append(SEPARATOR)
            used += len(SEPARATOR)
        out.append_text(item)
        used += size
    return out
