"""A note editor of a fixed height whose text wrapping to a new line redraws only itself.

Textual's TextArea sets its ``virtual_size`` whenever the wrapped text gains or loses a
line, and ``virtual_size`` is a layout reactive: every wrap re-arranged the whole screen,
the slowest keystroke of a note (about twice an ordinary one). A box whose height is fixed
in cells does not change size with its text, so here the new size only updates the box's
own scrolling and scrollbars. Any other height (auto, fractions) keeps Textual's way.

Its theme's fallback colours are worked out from the CSS again only when the CSS applied
to it changes (focus, classes, the app's theme): Textual's TextArea worked them out on
every frame, a fifth of drawing a keystroke, though typing changes the text and not the
styles.
"""

from __future__ import annotations

from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import TextArea


class NoteArea(TextArea):
    _css_theme: object = None  # the theme object the CSS was last applied to

    def notify_style_update(self) -> None:
        self._css_theme = None  # the CSS changed: apply it to the theme at the next frame
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        theme = self._theme
        if theme and theme is not self._css_theme:  # a new theme object, or new CSS
            theme.apply_css(self)
            self._css_theme = theme
        # TextArea.render_lines would apply the CSS again: its parent draws the lines.
        return super(TextArea, self).render_lines(crop)

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
