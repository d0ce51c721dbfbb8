"""What every screen shares: the backend, the header line and a help text per screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual._context import active_app
from textual.screen import ModalScreen, Screen

from ...errors import ServiceError

if TYPE_CHECKING:
    from ..app import InspectApp
    from ..backend import Backend


class Helpers:
    """Mixed into screens: typed access to the app and a steady cursor in tests."""

    HELP: str = ""

    @property
    def inspect_app(self) -> InspectApp:
        return self.app  # type: ignore[attr-defined,return-value]

    @property
    def backend(self) -> Backend:
        return self.inspect_app.backend

    def call(self, fn: Callable[[Any], Any]) -> Any:
        return self.backend.call(fn)

    def try_call(self, fn: Callable[[Any], Any]) -> tuple[bool, Any]:
        """Run a service call; on a ServiceError return (False, its one-line message)."""
        try:
            return True, self.backend.call(fn)
        except ServiceError as exc:
            return False, str(exc)

    def steady_cursors(self) -> None:
        if getattr(self.app, "deterministic", False):
            from textual.widgets import Input, TextArea  # TextArea: not needed at start-up

            for widget in self.query("Input, TextArea"):  # type: ignore[attr-defined]
                if isinstance(widget, Input | TextArea):
                    widget.cursor_blink = False

    def palette_commands(self) -> Iterable[tuple[str, str, Callable]]:
        return ()


ResultT = TypeVar("ResultT")


NARROW = 100  # columns: below this (an 80x24 laptop terminal) screens get class -narrow


class BaseScreen(Helpers, Screen[ResultT]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set before the first styling, not after it as Textual's breakpoints do: restyling
        # every widget of a fresh screen cost ~20 ms of opening an inspection.
        try:
            self.set_class(active_app.get().size.width < NARROW, "-narrow")
        except LookupError:
            pass

    def on_mount(self) -> None:
        self.steady_cursors()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")


class BaseModal(Helpers, ModalScreen[ResultT]):
    def on_mount(self) -> None:
        self.steady_cursors()
