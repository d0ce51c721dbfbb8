"""Lists that answer Home and End: Textual's row table scrolls sideways on Home and End
(and its tree ignores them), where a person expects the first and the last row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.cells import cell_len
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable, Tree
from textual.widgets.tree import TreeNode

from .tree_lines import FrameStyles, draw_line


class RowTable(DataTable):
    BINDINGS = [Binding("home", "first_row", "First", show=False),
                Binding("end", "last_row", "Last", show=False)]

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)


class HomeEndTree(Tree):
    """Also draws its lines with less work than Textual's tree, to the same segments: from
    styles looked up once per frame (nothing a line's style comes from can change while
    one frame is drawn), and without building each line as Rich Text
    (:mod:`.tree_lines`)."""

    # Right and Left open and close a group, as in a file manager's tree. Textual's
    # scrolling container would scroll the tree sideways instead, hiding its guide lines.
    BINDINGS = [Binding("home", "first_line", "First", show=False),
                Binding("end", "last_line", "Last", show=False),
                Binding("right", "open_or_in", "Open", show=False),
                Binding("left", "close_or_out", "Close", show=False)]

    def action_open_or_in(self) -> None:
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_close_or_out(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and not node.parent.is_root:
            self.move_cursor(node.parent)

    _building = False
    _build_changed = False

    @contextmanager
    def building(self) -> Iterator[None]:
        """Add many nodes at once: Textual's tree asks for a layout of the screen on each
        node added (300 for an inspection); here once, when the building is done."""
        self._building, self._build_changed = True, False
        try:
            yield
        finally:
            self._building = False
            if self._build_changed:
                self._invalidate()

    def _invalidate(self) -> None:
        if self._building:
            self._build_changed = True
            self._clear_line_cache()
            return
        super()._invalidate()

    def get_label_width(self, node: TreeNode) -> int:
        # Textual's draws the label to measure it, for every line of the tree: its width
        # is the label's and the icon's of a group.
        icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
        return node._label.cell_len + (cell_len(icon) if node._allow_expand else 0)

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        # Textual's, with the line drawn by tree_lines.draw_line (same segments, less
        # work), unless a subclass draws its labels its own way.
        if type(self).render_label is not Tree.render_label:
            return super()._render_line(y, x1, x2, base_style)
        tree_lines = self._tree_lines
        width = self.size.width
        if y >= len(tree_lines):
            return Strip.blank(width, base_style)
        line = tree_lines[y]
        is_hover = self.hover_line >= 0 and any(node._hover for node in line.path)
        cache_key = (y, is_hover, width, self._updates, self._pseudo_class_state,
                     tuple(node._updates for node in line.path))
        strip = self._line_cache.get(cache_key)
        if strip is None:
            strip = draw_line(self, self._styles_of_frame(), line, y, width, is_hover,
                              base_style)
            self._line_cache[cache_key] = strip
        return strip.crop(x1, x2)

    # Within one frame (one render_lines call), the widget's style and the component
    # styles are looked up once: Textual's render_line asks for the widget's style, a walk
    # up every ancestor, for every line.
    _in_frame = False
    _frame_style: Style | None = None
    _frame_styles: FrameStyles | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._in_frame = True
        try:
            return super().render_lines(crop)
        finally:
            self._in_frame = False
            self._frame_style = self._frame_styles = None

    @property
    def rich_style(self) -> Style:
        if not self._in_frame:
            return super().rich_style
        if self._frame_style is None:
            self._frame_style = super().rich_style
        return self._frame_style

    def _styles_of_frame(self) -> FrameStyles:
        if not self._in_frame:
            return FrameStyles.of(self)
        if self._frame_styles is None:
            self._frame_styles = FrameStyles.of(self)
        return self._frame_styles

    def _on_resize(self, event: events.Resize) -> None:
        # Textual's tree drops every line it has drawn and asks for a new layout of the
        # screen on each Resize, the first one too (sent once the tree is first laid out):
        # a second full frame when a screen opens. Its lines are cached by width, and
        # nothing in its layout depends on its size, so only the cache need grow.
        event.prevent_default()  # instead of Tree's own handler
        self._line_cache.grow(event.size.height)

    def action_first_line(self) -> None:
        self.cursor_line = 0
        self.scroll_to_line(0, animate=False)

    def action_last_line(self) -> None:
        self.cursor_line = self.last_line
        self.scroll_to_line(self.last_line, animate=False)
