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

Each row is kept once drawn, keyed by what it shows (its text, and where the
cursor, the cursor line and a matching bracket fall in it): Textual's TextArea forgets every
line at each edit and draws each line of a paragraph from the whole paragraph, so a key
typed into a long note redrew all of it, most of a keystroke's time. A line under a
selection, with tabs, line numbers, highlighting or a suggestion is drawn Textual's way.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import TextArea


class NoteArea(TextArea):
    _css_theme: object = None  # the theme object the CSS was last applied to
    _rows: LRUCache | None = None  # (box's frame, row's key) -> the row as drawn

    def notify_style_update(self) -> None:
        self._css_theme = None  # the CSS changed: apply it to the theme at the next frame
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        theme = self._theme
        if theme and theme is not self._css_theme:  # a new theme object, or new CSS
            theme.apply_css(self)
            self._css_theme = theme
            self._rows = LRUCache(256)  # drawn with the old styles
        # TextArea.render_lines would apply the CSS again: its parent draws the lines.
        draw = super(TextArea, self).render_lines
        if self._rows is None or not self._cacheable():
            return draw(crop)
        # The box's frame (border, padding, background, filters): the same for every row;
        # the cursor and the selection are in the keys of the lines they touch.
        styles = self.styles
        outer = (crop.x, crop.width, self.size, styles._cache_key,
                 self.background_colors, self.opacity, self._border_title,
                 self._border_subtitle, self.app.ansi_theme, self.app.native_ansi_color,
                 tuple(map(id, self.get_line_filters())))
        state = self._state()
        top, height = styles.gutter.top, self.content_size.height
        keys = []
        for y in range(crop.y, crop.bottom):
            line = self._line_key(y - top, state) if 0 <= y - top < height else ("edge", y)
            keys.append(None if line is None else (outer, line))
        rows = [self._rows.get(key) if key is not None else None for key in keys]
        # Draw what is not kept, a run of rows at a time (Textual's way), and keep it.
        y = 0
        while y < len(rows):
            if rows[y] is not None:
                y += 1
                continue
            end = y
            while end < len(rows) and rows[end] is None:
                end += 1
            run = Region(crop.x, crop.y + y, crop.width, end - y)
            # Drawn now, from the state the keys were made from: Textual's own cache of
            # the box's rows may hold a row drawn before (a resize, say) not yet marked.
            self._styles_cache.set_dirty(run)
            for n, strip in enumerate(draw(run), y):
                rows[n] = strip
                if keys[n] is not None:
                    self._rows[keys[n]] = strip
            y = end
        return rows

    def _cacheable(self) -> bool:
        """Rows are kept by what they show only where that is all they depend on."""
        document = self.document
        return (self.soft_wrap and not self.show_line_numbers and not self._highlights
                and not self.suggestion
                and (document.line_count > 1 or bool(document.get_line(0))))  # placeholder

    def _state(self) -> tuple:
        """What every line of the frame being drawn depends on besides its own text."""
        start, end = self.selection
        bracket = self._matching_bracket_location
        return (self.size.width, self.scrollable_content_region.width, self.theme,
                self.read_only, self.highlight_cursor_line, self.match_cursor_bracket,
                self._has_cursor, self._draw_cursor, bracket is not None,
                tuple(self.scroll_offset), start, end, bracket)

    def _line_key(self, y: int, state: tuple) -> tuple | None:
        """What wrapped line ``y`` (of the box) shows, in full: two lines with the same key
        draw the same strip. None: draw it Textual's way (see the module docstring)."""
        width, wrap_width, theme, read_only, cursor_line, match, has_cursor, draw_cursor, \
            has_bracket, (_, scroll_y), start, end, bracket = state
        wrapped = self.wrapped_document
        row = scroll_y + y
        if row >= wrapped.height:
            return ("blank", width)
        # Which line and which of its wrapped sections: Textual's own lookup table (the
        # public offset_to_location re-divides the line, a third of drawing it).
        line_index, section = wrapped._offset_to_line_info[row]
        line = self.document.get_line(line_index)
        if "\t" in line:
            return None
        if start != end and min(start, end)[0] <= line_index <= max(start, end)[0]:
            return None
        # The section: from its wrap offset to the next, or to the line's end and the
        # space after it that the cursor stands on.
        offsets = wrapped.get_offsets(line_index)
        first = offsets[section - 1] if section else 0
        last = offsets[section] if section < len(offsets) else len(line) + 1
        cursor_row, cursor_column = end
        on_cursor_line = cursor_row == line_index
        cursor = (cursor_column - first if on_cursor_line and first <= cursor_column < last
                  else None)
        partner = (bracket[1] - first if bracket is not None and bracket[0] == line_index
                   and first <= bracket[1] < last else None)
        return (width, wrap_width, theme, read_only, cursor_line, match, has_cursor,
                on_cursor_line, cursor, draw_cursor if cursor is not None else None,
                has_bracket, partner, last == len(line) + 1, line[first:last])

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
