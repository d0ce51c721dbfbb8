"""Help: every key of every screen, the current screen's first."""

from __future__ import annotations

import re
import textwrap

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ..widgets.boxes import ReadingPane
from .base import BaseScreen

GLOBAL_HELP = """\
Everywhere:
  F1 or ?    this help               Ctrl+P   every command and screen
  F2         high-contrast theme     Ctrl+Q   save everything and quit
  Tab / Shift+Tab  move between fields; Escape goes back
Saving: every change is saved as you make it. The top line says "saving…",
then "saved" once the change is on disk; "not saved" comes with the reason.
"""


def all_help() -> list[tuple[str, str]]:
    from .actions import ActionsScreen
    from .conflicts import ConflictsScreen
    from .cse import CseScreen
    from .home import HomeScreen
    from .new_inspection import NewInspectionScreen
    from .outcome import OutcomeScreen
    from .profile import ProfileScreen
    from .review import ReviewScreen
    from .workspace import WorkspaceScreen
    from .young_people import YoungPeopleScreen

    screens = [HomeScreen, NewInspectionScreen, WorkspaceScreen, YoungPeopleScreen,
               CseScreen, ActionsScreen, OutcomeScreen, ReviewScreen, ConflictsScreen,
               ProfileScreen]
    return [(cls.__name__, cls.HELP) for cls in screens]


_KEY_COLUMN = re.compile(r"^(\s*\S+(?:\s\S+)*?\s{2,})\S")


def fit(text: str, width: int) -> str:
    """``text`` with every line no wider than ``width``: a key line goes on under its
    description (a hanging indent), so the keys stay in a column at 80 columns."""
    lines = []
    for line in text.splitlines():
        if len(line) <= width:
            lines.append(line)
            continue
        match = _KEY_COLUMN.match(line)
        indent = " " * len(match.group(1)) if match and line.startswith(" ") else \
            " " * (len(line) - len(line.lstrip()))
        if len(indent) > width // 2:
            indent = " " * (len(line) - len(line.lstrip()))
        lines += textwrap.wrap(line, width, subsequent_indent=indent,
                               drop_whitespace=True) or [""]
    return "\n".join(lines)


class HelpScreen(BaseScreen):
    BINDINGS = [Binding("escape,q,f1", "app.pop_screen", "Close")]

    def __init__(self, current: str = "") -> None:
        """``current``: the help of the screen it was opened from, shown first (asked for
        before this screen is pushed: once pushed, the top of the stack is this one)."""
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        current = self.current
        parts = [GLOBAL_HELP]
        if current:
            parts.append("[b]This screen[/b]\n" + escape(current))
        for _name, text in all_help():
            if text and text != current:
                parts.append(escape(text))
        self.parts = parts
        with ReadingPane(id="help-body"):
            yield Static(self.text(self.app.size.width), id="help-text")
        yield self.key_footer()

    def text(self, width: int) -> str:
        # The scroll bar and the padding take 4 columns; wrapped here rather than by the
        # Static, so that a wrapped key line keeps its description column.
        room = max(40, width - 4)
        return "[b]inspect-tui: keys[/b]  (Escape closes)\n\n" + "\n".join(
            fit(part, room) for part in self.parts)

    def on_resize(self, event) -> None:
        super().on_resize(event)
        self.query_one("#help-text", Static).update(self.text(event.size.width))

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
