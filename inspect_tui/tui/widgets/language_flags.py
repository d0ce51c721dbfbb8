"""Victim-blaming language shown under a text editor as the inspector types.

Text in quotation marks is a quotation from provider records and is not flagged.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...domain.language import Flag, find_flags


class LanguageFlags(Static):
    DEFAULT_CSS = """
    LanguageFlags { height: auto; max-height: 5; color: $warning; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.flags: list[Flag] = []

    def on_mount(self) -> None:
        self.display = False

    def check(self, text: str) -> list[Flag]:
        catalogue = getattr(self.app, "catalogue", None)
        language = catalogue.language if catalogue is not None else None
        self.flags = find_flags(text, language)
        self.display = bool(self.flags)
        out = Text()
        for n, flag in enumerate(self.flags):
            if n:
                out.append("\n")
            advice = flag.alternative.split(". ")[0].rstrip(".")
            lead = "? ask" if flag.ask_only else "⚑ language"
            out.append(f'{lead}: "{flag.text}" ', style="bold")
            out.append(f"— {advice}. (Quote provider wording in \"quotation marks\".)"
                       if n == 0 else f"— {advice}.")
        self.update(out)
        return self.flags
