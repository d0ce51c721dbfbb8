"""The visible saved state: "saving…", "saved 10:42:07" or "not saved: <why>"."""

from __future__ import annotations

from textual.color import Color
from textual.widgets import Static

from ..backend import Backend, SaveState


class SaveIndicator(Static):
    DEFAULT_CSS = """
    SaveIndicator { width: 18; padding: 0 1; text-align: right; }
    SaveIndicator.-error { width: auto; max-width: 60%; }
    SaveIndicator.-error { color: $error; text-style: bold; }
    """

    def __init__(self, backend: Backend, **kwargs) -> None:
        # No markup: a refusal quotes what was typed, brackets and all.
        super().__init__("", markup=False, **kwargs)
        self.backend = backend
        self._shown: tuple | None = None
        self._was_error = False

    def on_mount(self) -> None:
        self.backend.listeners.append(self._show)
        self._show(self.backend.state)
        # After the new theme's variables are in place (the theme's watcher is too soon).
        self.app.theme_changed_signal.subscribe(self, lambda _: self._colour())

    def on_unmount(self) -> None:
        if self._show in self.backend.listeners:
            self.backend.listeners.remove(self._show)

    def _show(self, state: SaveState) -> None:
        # Called on every keystroke while typing: do nothing unless the text changes, so
        # that typing never costs a layout pass.
        shown = (state.label, bool(state.error), bool(state.pending))
        if shown == self._shown:
            return
        self._shown = shown
        if bool(state.error) != self._was_error:  # a restyle only when an error comes or goes
            self.set_class(bool(state.error), "-error")
        self._colour()
        mark = "✗" if state.error else ("…" if state.pending else "✓")
        # Fixed size while all is well: no layout pass; an error may take more room.
        self.update(f"{mark} {state.label}", layout=bool(state.error) or self._was_error)
        if state.error and not self._was_error and self.screen.is_current:
            # The bar may be too narrow for the reason at 80 columns: say it in full once.
            self.app.notify(f"Not saved: {state.error}", severity="error", timeout=8,
                            markup=False)
        self._was_error = bool(state.error)

    def _colour(self) -> None:
        """Saving and saved in the theme's warning and success colours, set on the widget
        itself: a class per state restyled it against the whole stylesheet twice a save,
        a millisecond of a keystroke. An error's look is its class's (bold, $error)."""
        if self._shown is None:
            return
        _, error, pending = self._shown
        if error:
            self.styles.color = None
            return
        colour = Color.parse(self.app.theme_variables["warning" if pending else "success"])
        if self.styles.color != colour:
            self.styles.color = colour
