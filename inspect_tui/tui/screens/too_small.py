"""Below 60x20 no screen can show what an inspector needs; this says so, over whatever was
open, and goes away by itself once the terminal is large enough again. Keys do nothing
meanwhile (Ctrl+Q still quits), so nothing is typed blind into a screen that cannot be seen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 60, 20


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen > Static { width: 100%; height: auto; text-align: center; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="too-small")

    def on_mount(self) -> None:
        self.show(self.app.size.width, self.app.size.height)

    def show(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(
            f"The terminal is {width}x{height}: make it at least {MIN_WIDTH}x{MIN_HEIGHT} "
            "to go on. Nothing is lost; Ctrl+Q quits.")

    def on_screen_suspend(self) -> None:
        # Something opened over this notice while the terminal is still small: put the
        # notice back on top of it (the app drops this one).
        if self.app.screen is not self and too_small(*self.app.size):
            self.app.call_later(self.app.check_size, *self.app.size)

    def on_key(self, event) -> None:
        if event.key != "ctrl+q":
            event.stop()
            event.prevent_default()
