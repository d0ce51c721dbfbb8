"""Victim-blaming language shown under a text editor as the inspector types.

Text in quotation marks is a quotation from provider records and is not flagged.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...domain.language import Flag, find_flags


class LanguageFlags(Static):
    DEFAULT_CSS = """
    LanguageFlags { height: auto; max-height: 3; color: $warning; padding: 0 1;
                    text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.flags: list[Flag] = []

    def on_mount(self) -> None:
        self.display = False

    def check(self, text: str) -> list[Flag]:
        catalogue = getattr(self.app, "catalogue", None)
        language = catalogue.language if catalogue is not None else None
        flags = find_flags(text, language)
        # Called on every keystroke: redraw (a layout pass) only when the flags change.
        key = [(f.text, f.ask_only, f.alternative) for f in flags]
        if key == getattr(self, "_shown_key", None):
            self.flags = flags
            return flags
        self._shown_key = key
        self.flags = flags
        self.display = bool(self.flags)
        out = Text(no_wrap=True, overflow="ellipsis")
        ordered = sorted(self.flags, key=lambda f: (f.ask_only, f.start))  # firm flags first
        shown = ordered if len(ordered) <= 3 else ordered[:2]
        for n, flag in enumerate(shown):
            if n:
                out.append("\n")
            advice = flag.alternative.split(". ")[0].split(", for example")[0].rstrip(".")
            lead = "? ask" if flag.ask_only else "⚑ language"
            out.append(f'{lead}: "{flag.text}" ', style="bold")
            out.append(f"— {advice}")
        if len(shown) < len(self.flags):
            more = ", ".join(f'"{f.text}"' for f in ordered[2:])
            out.append(f"\n… and {len(self.flags) - 2} more: {more}")
        self.update(out)
        return self.flags
