"""Radio buttons and tick lists whose state shows without colour.

Textual draws a chosen and an unchosen radio button (and ticked and unticked selection)
with the same character in different colours; an inspector with a monochrome or
high-contrast terminal, or who cannot tell the colours apart, could not see which is
chosen. These draw a mark only when chosen.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList


class Choice(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "●" if self.value else " "


class Ticks(SelectionList):
    def _on_focus(self, event) -> None:
        # Highlight the first option on arrival, so that Space ticks without an arrow first.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != "X":
            return strip
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except Exception:  # noqa: BLE001 - past the last option
            return strip
        if selection.value not in self._selected:
            segments[1] = Segment(" ", segments[1].style)
            return Strip(segments, strip.cell_length)
        return strip
