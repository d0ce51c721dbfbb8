"""Lists that answer Home and End: Textual's row table scrolls sideways on Home and End
(and its tree ignores them), where a person expects the first and the last row."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable, Tree


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
    BINDINGS = [Binding("home", "first_line", "First", show=False),
                Binding("end", "last_line", "Last", show=False)]

    def action_first_line(self) -> None:
        self.cursor_line = 0
        self.scroll_to_line(0, animate=False)

    def action_last_line(self) -> None:
        self.cursor_line = self.last_line
        self.scroll_to_line(self.last_line, animate=False)
