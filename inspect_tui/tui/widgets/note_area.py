"""A note editor of a fixed height whose text wrapping to a new line redraws only itself.

Textual's TextArea sets its ``virtual_size`` whenever the wrapped text gains or loses a
line, and ``virtual_size`` is a layout reactive: every wrap re-arranged the whole screen,
the slowest keystroke of a note (about twice an ordinary one). A box whose height is fixed
in cells does not change size with its text, so here the new size only updates the box's
own scrolling and scrollbars. Any other height (auto, fractions) keeps Textual's way.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import TextArea


class NoteArea(TextArea):
    def _refresh_size(self) -> None:
        height = self.styles.height
        if not self.soft_wrap or height is None or not height.is_cells:
            super()._refresh_size()
            return
        size = Size(0, self.wrapped_document.height)
        if size != self.virtual_size:
            self.set_reactive(TextArea.virtual_size, size)
            # Scrollbars shown or hidden still lay the box out again (Textual does that).
            self._scroll_update(size)
            self.refresh()
        self._refresh_scrollbars()
