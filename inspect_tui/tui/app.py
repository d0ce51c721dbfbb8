"""The application: one service, one backend, screens pushed on a stack.

``run_app`` is what ``inspect-tui`` (no subcommand) calls, with the app ``make_app`` builds;
the start-up benchmark builds it with ``make_app`` too, and the tests drive ``InspectApp``
with a service of their own.

Start-up: given a database path, the app opens only the store (sqlite3) and paints the home
list from its cache. The service (pydantic, the catalogue) is created on the backend's
thread when first needed: at once if the cache was out of date (the list is recomputed
with it), else at the first action that needs it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from ..domain.time import today as england_today
from ..service.summaries import HomeIndex, open_store
from .backend import SAVE_DELAY, Backend
from .idle_gc import IdleCollector
from .stylesheet import NarrowStylesheet

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..service import Service

HIGH_CONTRAST = Theme(
    name="inspect-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    success="#00ff00",
    warning="#ffff00",
    error="#ff6060",
    dark=True,
    variables={
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "footer-key-foreground": "#ffff00",
        "input-selection-background": "#ffff00 40%",
    },
)
DEFAULT_THEME = "textual-dark"


class InspectApp(App[int]):
    """The inspector's terminal UI."""

    CSS_PATH = "app.tcss"
    TITLE = "inspect-tui"
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "toggle_contrast", "Contrast", show=False),
        # Not in the footer (Help and the palette name it): at 80 columns the room goes
        # to the keys of the screen.
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    def __init__(self, db_path: Path | str | None = None, *, service: Service | None = None,
                 today: date | None = None, save_delay: float = SAVE_DELAY,
                 deterministic: bool = False, high_contrast: bool = False) -> None:
        super().__init__()
        # Same styles, found without walking every rule for every node (see the module).
        self.stylesheet = NarrowStylesheet(variables=self.stylesheet._variables)
        if service is not None:
            self.backend = Backend(service, delay=save_delay)
        elif db_path is None:
            raise ValueError("give db_path or service")
        else:
            path = db_path
            store = open_store(path)  # here, so that an unusable file fails at once

            def create() -> Service:
                from ..service import Service

                made = Service(path, store=store)
                _ = made.catalogue  # load (and validate) the content
                gc.freeze()  # as freeze_heap does, now that the catalogue is loaded
                return made

            self.backend = Backend(factory=create, index=HomeIndex(store), delay=save_delay)
        self.backend.state.show_time = not deterministic
        self._today = today
        self.deterministic = deterministic
        self.last_item: dict[str, tuple[str, str]] = {}  # inspection -> item last shown
        self._gc_paused = False
        self.idle_gc = IdleCollector()
        self.register_theme(HIGH_CONTRAST)
        self._start_theme = HIGH_CONTRAST.name if high_contrast else DEFAULT_THEME

    # --- facts the screens share ---------------------------------------------------------
    @property
    def today(self) -> date:
        return self._today or england_today()

    @property
    def service(self) -> Service:
        return self.backend.service

    @property
    def catalogue(self) -> Catalogue:
        return self.service.catalogue

    @property
    def cursor_blink(self) -> bool:
        return not self.deterministic

    # --- lifecycle -----------------------------------------------------------------------
    def freeze_heap(self, collect: bool = True) -> None:
        """Move what is loaded so far (catalogue, widgets) out of the garbage collector's
        sight: a full collection over it took ~90 ms, a dropped keystroke's worth. Turns
        the collector back on if :meth:`pause_gc` turned it off."""
        if collect:
            gc.collect()
        gc.freeze()
        if self._gc_paused:
            self._gc_paused = False
            gc.enable()

    def pause_gc(self) -> None:
        """No garbage collection until the next :meth:`freeze_heap`: building a large
        screen allocates enough for ~90 young-generation collections (~20 ms of opening
        an inspection), each scanning objects that are about to be frozen anyway."""
        if gc.isenabled():
            self._gc_paused = True
            gc.disable()

    def get_default_screen(self) -> Screen:
        # Home is the bottom of the stack itself, rather than pushed over a blank screen.
        from .screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(self.freeze_heap, False)
        self.idle_gc.start()
        self.set_interval(0.25, self.idle_gc.tick)
        self.theme = self._start_theme
        self.backend.bind_loop()
        if self.backend.light(lambda index: index.profile()) is None:
            from .screens.profile import ProfileScreen

            self.push_screen(ProfileScreen(first_run=True))
        self.check_size(self.size.width, self.size.height)

    def on_unmount(self) -> None:
        self.idle_gc.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.idle_gc.input_seen()  # the collector waits for the next pause
        await super().on_event(event)

    def on_resize(self, event: events.Resize) -> None:
        self.check_size(event.size.width, event.size.height)

    def check_size(self, width: int, height: int) -> None:
        """Ask for a larger terminal below 60x20; carry on where it was once it is."""
        from .screens.too_small import TooSmallScreen, too_small

        # A dialog opened meanwhile (Ctrl+P, a timer) sits above the notice: the notice
        # goes back on top while the terminal is small, and goes wherever it is once the
        # terminal is large enough, leaving the dialog as it was.
        buried = [screen for screen in self.screen_stack[:-1]
                  if isinstance(screen, TooSmallScreen)]
        for screen in buried:
            self._screen_stack.remove(screen)
            screen.remove()
        if too_small(width, height):
            if isinstance(self.screen, TooSmallScreen):
                self.screen.show(width, height)
            else:
                self.push_screen(TooSmallScreen())
        elif isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    async def action_quit(self) -> None:
        await self.backend.wait_idle()
        self.exit(0)

    # --- actions available everywhere ---------------------------------------------------
    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(getattr(self.screen, "HELP", "")))

    def action_toggle_contrast(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
        self.notify("High-contrast theme " + ("on" if self.theme == HIGH_CONTRAST.name
                                              else "off"), timeout=2)

    def action_profile(self) -> None:
        from .screens.profile import ProfileScreen

        self.push_screen(ProfileScreen(first_run=False))

    async def action_sync(self) -> None:
        from .sync_action import sync_action

        await sync_action(self)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Help: every key", "Show the keys of every screen", self.action_help)
        yield SystemCommand("High-contrast theme", "Toggle the high-contrast colours (F2)",
                            self.action_toggle_contrast)
        yield SystemCommand("Profile", "Your name and role (inspector or manager)",
                            self.action_profile)
        commands: Callable[[], Iterable[tuple[str, str, Callable]]] | None = getattr(
            screen, "palette_commands", None)
        if commands is not None:
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)
        from .sync_action import last_sync_label

        label = self.backend.call(last_sync_label)
        yield SystemCommand("Sync with the hub", f"Send and receive edits ({label})",
                            self.action_sync)
        yield SystemCommand("Quit", "Save everything and quit (Ctrl+Q)", self.action_quit)


def make_app(db_path: Path | str) -> InspectApp:
    """The app ``run_app`` runs (and the start-up benchmark measures)."""
    return InspectApp(db_path)


def run_app(db_path: Path | str) -> int:
    """Open the UI on ``db_path``; return the exit status. A second UI on the same
    database is refused (:mod:`.single` says why)."""
    from .single import UiLock

    with UiLock(db_path):
        return _run(db_path)


def _run(db_path: Path | str) -> int:
    app = make_app(db_path)
    try:
        app.run()
    finally:
        app.backend.close()  # closes the service too
    if app.backend.open_error is not None:
        raise app.backend.open_error  # the content or the database: the CLI says which
    if app.backend.errors and app.return_code:
        return app.return_code
    return app.return_code or 0
