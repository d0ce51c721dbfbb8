"""The visible saved state: "saving…", "saved 10:42:07" or "not saved: <why>"."""

from __future__ import annotations

from textual.widgets import Static

from ..backend import Backend, SaveState


class SaveIndicator(Static):
    DEFAULT_CSS = """
    SaveIndicator { width: 18; padding: 0 1; text-align: right; }
    SaveIndicator.-error { width: auto; max-width: 60%; }
    SaveIndicator.-pending { color: $warning; }
    SaveIndicator.-error { color: $error; text-style: bold; }
    SaveIndicator.-saved { color: $success; }
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
        # One restyle for the three classes, not one per class changed (two per save).
        self.update_classes({"-error": bool(state.error),
                             "-pending": bool(state.pending) and not state.error,
                             "-saved": not state.pending and not state.error})
        mark = "✗" if state.error else ("…" if state.pending else "✓")
        # Fixed size while all is well: no layout pass; an error may take more room.
        self.update(f"{mark} {state.label}", layout=bool(state.error) or self._was_error)
        if state.error and not self._was_error and self.screen.is_current:
            # The bar may be too narrow for the reason at 80 columns: say it in full once.
            self.app.notify(f"Not saved: {state.error}", severity="error", timeout=8,
                            markup=False)
        self._was_error = bool(state.error)
