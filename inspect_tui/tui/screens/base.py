"""What every screen shares: the backend, the header line, a help text per screen, and
the key policy of :mod:`..keys` (text is text)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.screen import ModalScreen, Screen

from ...errors import ServiceError
from ..keys import field_keys, field_name, field_of, is_plain
from ..widgets.footer import KeyFooter

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

    def steady_cursors(self, *widgets: Any) -> None:
        """No blinking cursor in a deterministic app (tests): in ``widgets``, or in every
        text field of the screen."""
        if getattr(self.app, "deterministic", False):
            from textual.widgets import Input, TextArea  # TextArea: not needed at start-up

            for widget in widgets or self.query("Input, TextArea"):  # type: ignore[attr-defined]
                if isinstance(widget, Input | TextArea):
                    widget.cursor_blink = False

    def palette_commands(self) -> Iterable[tuple[str, str, Callable]]:
        return ()


class KeyPolicy:
    """Text is text (see :mod:`..keys`), for screens and dialogs alike.

    While a field has focus, a printable key reaches the field and nothing else: a key
    that the field (or the part of it that has focus) does not bind stops here, before
    the app looks for a screen or app command. The key line names the field and its keys
    in place of the footer.
    """

    def field_context(self, field: Any) -> str:
        """What ``field`` belongs to, for the key line: the ``subject_title()`` of the
        nearest container that has one (a list-and-form pane names its row)."""
        for node in field.ancestors:
            title = getattr(node, "subject_title", None)
            if title is not None:
                return title()
        return ""

    # Handlers are found per class along the MRO (Textual's naming convention), so these
    # run whatever handlers a screen defines for the same events.
    def on_key(self, event: events.Key) -> None:
        if not (event.is_printable or is_plain(event.key)):
            return
        focused = self.focused  # type: ignore[attr-defined]
        field = field_of(focused)
        if field is None:
            return
        active = self.active_bindings.get(event.key)  # type: ignore[attr-defined]
        node = focused
        while node is not None:
            if active is not None and active.node is node:
                return  # the field's own key (Space ticks, for example)
            if node is field:
                break
            node = node.parent
        event.stop()
        event.prevent_default()

    def focus_now(self, widget: Any) -> None:
        """Move the focus at once, not after the keys already typed (``Widget.focus``
        waits its turn behind them): a key typed straight after Enter or Escape must land
        where that key leads."""
        self.set_focus(widget)  # type: ignore[attr-defined]

    def watch_focused(self, focused: Any) -> None:
        self.show_field_keys(focused)

    def show_field_keys(self, focused: Any = None) -> None:
        from textual.widgets import Footer

        from ..widgets.field_bar import FieldBar
        from ..widgets.keybar import KeyBar

        bars = self.query(FieldBar)  # type: ignore[attr-defined]
        if not bars:
            return
        bar = bars.first()
        field = field_of(focused)
        if field is not None:
            keys = field_keys(field)
            app = self.app  # type: ignore[attr-defined]
            # The screen's deliberate keys (the app's, Ctrl+Q and F1, are in the help).
            seen: set[str] = set()
            for key, active in self.active_bindings.items():  # type: ignore[attr-defined]
                binding = active.binding
                if (binding.show and active.enabled and not is_plain(key)
                        and active.node is not app and key not in ("tab", "escape")
                        and binding.action not in seen):
                    seen.add(binding.action)
                    keys.append((app.get_key_display(binding), binding.description))
            bar.show_field(field_name(field), self.field_context(field), keys)
        editing = field is not None
        bar.display = editing
        for footer in self.query("Footer, KeyBar"):  # type: ignore[attr-defined]
            if isinstance(footer, Footer | KeyBar) and footer.parent is self:
                footer.display = not editing

    def on_mount(self) -> None:
        from ..widgets.field_bar import FieldBar

        self.mount(FieldBar())  # type: ignore[attr-defined]
        # A form focuses its first field as it opens, before the bar is there to show it.
        self.call_after_refresh(self.show_focused_field_keys)  # type: ignore[attr-defined]

    def show_focused_field_keys(self) -> None:
        self.show_field_keys(self.focused)  # type: ignore[attr-defined]


ResultT = TypeVar("ResultT")


NARROW = 100  # columns: below this (an 80x24 laptop terminal) screens get class -narrow


class BaseScreen(KeyPolicy, Helpers, Screen[ResultT]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set before the first styling, not after it as Textual's breakpoints do: restyling
        # every widget of a fresh screen cost ~20 ms of opening an inspection.
        try:
            self.set_class(self.app.size.width < NARROW, "-narrow")
        except RuntimeError:  # Textual's NoActiveAppError: built outside a running app
            pass
        self._styled = False
        self._resumed = False

    def on_mount(self) -> None:
        self.steady_cursors()

    def first_resume(self) -> bool:
        """True for the screen's first resume only: Textual sends one straight after the
        mount, which has just loaded everything a later resume reloads."""
        first, self._resumed = not self._resumed, True
        return first

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler of the event (the class's MRO order). The first
        # resume follows the mount, which has just styled every widget; styling them all
        # again cost ~15 ms of opening an inspection. Later resumes restyle as Textual does
        # (the theme may have changed meanwhile).
        if not self._styled:
            self._styled = True
            event.refresh_styles = False

    def _compositor_refresh(self) -> None:
        compositor = self._compositor
        whole = (self is self.app.screen and not self.app.is_inline
                 and compositor.size.region in compositor._dirty_regions)
        repaint_asked = self._repaint_required
        super()._compositor_refresh()
        if whole and repaint_asked:
            # Every widget has just been drawn as it is. Textual asks for a repaint of the
            # whole screen on each resume, and then lays the screen out and draws it: the
            # repaint drew the same frame a second time straight after (~10 ms of opening
            # an inspection).
            self._repaint_required = False

    def refresh_bindings(self) -> None:
        # A screen hidden under another one has no key line to keep up to date: its footer
        # would rebuild itself unseen on every push (~20 ms). It is told again when it
        # resumes (Textual refreshes the bindings then); under a dialog it is still seen.
        app = self.app
        if app.screen is self or isinstance(app.screen, ModalScreen) or not self.is_attached:
            super().refresh_bindings()

    def key_footer(self) -> KeyFooter:
        """The screen's key line, in the compact style at 80 columns (see on_resize)."""
        return KeyFooter(compact=self.has_class("-narrow"))

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.set_class(narrow, "-narrow")
        from textual.widgets import Footer

        # At 80 columns the footer's keys fit only without the padding between them.
        for footer in self.query(Footer).results(Footer):
            footer.compact = narrow


class BaseModal(KeyPolicy, Helpers, ModalScreen[ResultT]):
    def on_mount(self) -> None:
        self.steady_cursors()
