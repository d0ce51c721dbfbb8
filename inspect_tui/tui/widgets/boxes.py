"""The two kinds of scroll box, so that every place Tab can stop shows that it is there.

A box of fields is no focus stop of its own: Tab goes from field to field, each scrolled
into view, never to a box that shows nothing while the next key is taken as a command. A
pane that is focused to be scrolled and read (an item's prompts, the outcome's guidance,
help) is tinted, with an accent scroll bar, while it has the focus.
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class FieldsBox(VerticalScroll, can_focus=False):
    """A scroll box of fields: its fields take the focus, never the box."""


class ReadingPane(VerticalScroll):
    """A scroll box focused to be read: it shows the focus."""

    DEFAULT_CSS = """
    ReadingPane:focus { background-tint: $accent 10%; scrollbar-color: $accent; }
    """
