"""Radio buttons and tick lists whose state shows without colour.

Textual draws a chosen and an unchosen radio button (and ticked and unticked selection)
with the same character in different colours; an inspector with a monochrome or
high-contrast terminal, or who cannot tell the colours apart, could not see which is
chosen. These draw a mark only when chosen.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import RadioButton, RadioSet, SelectionList


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


class ChoiceSet(RadioSet):
    """A radio set whose cursor is on the choice made whenever the field is reached.

    Textual's starts on the first button: Space on arriving at a finding that was "Met",
    or at the outcome, chose the first option and changed the record. Now Space keeps the
    choice, and the arrows move from it.
    """

    def on_focus(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index  # Textual's cursor; no public setter


class KeyedChoices(ChoiceSet):
    """A choice field with a key per choice, shown in its label ("Present p").

    The key picks that choice in this field and does nothing else: it never moves a list's
    cursor, so the row the field belongs to stays the row it changes. ``value`` is the
    chosen key of ``options`` (None: nothing chosen yet).
    """

    def __init__(self, options: dict[str, str], keys: dict[str, str] | None = None, *,
                 prefix: str, **kwargs) -> None:
        self.options = options
        self.keys = keys or {str(n): value for n, value in enumerate(options)}
        by_value = {value: key for key, value in self.keys.items()}
        self.prefix = prefix
        super().__init__(*[Choice(f"{label} {by_value[value]}" if value in by_value else label,
                                  id=f"{prefix}-{value}")
                           for value, label in options.items()], **kwargs)

    def choice_keys(self) -> list[tuple[str, str]]:
        return [(key, self.options[value]) for key, value in self.keys.items()]

    @property
    def value(self) -> str | None:
        for value in self.options:
            if self.query_one(f"#{self.prefix}-{value}", Choice).value:
                return value
        return None

    def show(self, value: str | None) -> None:
        """Show ``value`` as chosen without announcing a change (the form is refilled)."""
        if value is None:
            # Quietly off: the set itself would turn a pressed button back on.
            with self.prevent(RadioButton.Changed):
                for button in self.query(Choice):
                    button.value = False
            return
        # On through the set (so that it turns the others off), without its Changed.
        with self.prevent(RadioSet.Changed):
            self.query_one(f"#{self.prefix}-{value}", Choice).value = True

    def on_key(self, event) -> None:
        value = self.keys.get(event.character or "")
        if value is None:
            return
        event.stop()
        event.prevent_default()
        button = self.query_one(f"#{self.prefix}-{value}", Choice)
        if not button.value:
            button.value = True  # RadioSet announces Changed
