"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer removes and mounts all its keys again after every change of the screen's
bindings, and a change of focus is one: moving between a list and its form, or to the next
tab, rebuilt the same keys and laid the screen out again (~10% of opening the young people
or CSE screen). This one is rebuilt when what it would show differs from what it shows.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple | None = None

    def _keys(self, screen: Any) -> tuple:
        """What compose would show for ``screen`` now."""
        app = self.app
        return tuple(
            (key, binding.action, binding.description, binding.group,
             app.get_key_display(binding), enabled, tooltip, binding.show)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = (self._keys(self.screen), self.show_command_palette)
        for widget in super().compose():
            # A key takes the footer's compact style when it is mounted, each key styled a
            # second time for it; given the class first, it is styled once. (FooterKey is
            # not exported by Textual: asked by name.)
            if type(widget).__name__ == "FooterKey":
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Any) -> None:
        if (self._shown is not None and screen is self.screen and self.is_attached
                and self._shown == (self._keys(screen), self.show_command_palette)):
            return
        super().bindings_changed(screen)
