"""Help: every key of every screen, the current screen's first."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from .base import BaseScreen

GLOBAL_HELP = """\
Everywhere:
  F1 or ?    this help               Ctrl+P   command palette (screens, actions)
  F2         high-contrast theme     Ctrl+Q   save everything and quit
  Tab / Shift+Tab  move between fields; Escape goes back
Saving: every change is saved as you make it. The top line says "saving…",
then "saved" once the change is on disk; "not saved" comes with the reason.
"""


def all_help() -> list[tuple[str, str]]:
    from .actions import ActionsScreen
    from .conflicts import ConflictsScreen
    from .home import HomeScreen
    from .new_inspection import NewInspectionScreen
    from .outcome import OutcomeScreen
    from .profile import ProfileScreen
    from .review import ReviewScreen
    from .workspace import WorkspaceScreen
    from .young_people import YoungPeopleScreen

    screens = [HomeScreen, NewInspectionScreen, WorkspaceScreen, YoungPeopleScreen,
               ActionsScreen, OutcomeScreen, ReviewScreen, ConflictsScreen, ProfileScreen]
    return [(cls.__name__, cls.HELP) for cls in screens]


class HelpScreen(BaseScreen):
    BINDINGS = [Binding("escape,q,f1", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        below = self.app.screen_stack[-1] if self.app.screen_stack else None
        current = getattr(below, "HELP", "")
        parts = [GLOBAL_HELP]
        if current:
            parts.append("[b]This screen[/b]\n" + escape(current))
        for _name, text in all_help():
            if text and text != current:
                parts.append(escape(text))
        with VerticalScroll(id="help-body"):
            yield Static("[b]inspect-tui: keys[/b]  (Escape closes)\n\n" +
                         "\n".join(parts), id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
