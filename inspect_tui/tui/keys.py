"""Text is text: the one key policy every screen and dialog follows.

An inspector types fast, often without looking, and sometimes into the wrong place. So:

- A **field** is a widget that holds recorded data or text being written: a text field
  (``Input``, ``TextArea``) or a choice field (``RadioSet``, ``Select``,
  ``SelectionList``, ``Checkbox``). While a field has focus, a printable key belongs to
  that field alone: it types, or it is one of the field's own choice keys, or it does
  nothing. No screen or app command fires (see ``BaseScreen``'s key handler).
- Outside fields (lists, trees, tab bars), a plain key may move around or open
  something, but never adds, changes or removes recorded data and never puts the focus
  in a field. Commands that change data are declared with :func:`edit_binding` and sit
  on deliberate keys: Ctrl+N adds, Delete (or Ctrl+D) removes, and the confirmation of
  a removal is the same key again, which typing ahead cannot make.
- The focused field is unmistakable: it is drawn with a thick accent border, and the key
  line at the bottom names it and shows its keys (Esc back, Tab next).

A screen declares nothing else: any field widget is a field. A custom widget that edits
data adds the ``data-field`` CSS class, and a widget that offers its own printable choice keys
handles them itself (``KeyedChoices``) or binds them in its own ``BINDINGS``.
"""

from __future__ import annotations

import string
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.widget import Widget

ADD_KEY = "ctrl+n"
REMOVE_KEYS = "delete,ctrl+d"
CONFIRM_KEY = "ctrl+y"  # confirms a change asked about that is not a removal
NEXT_ROW_KEY = "f6"
PREVIOUS_ROW_KEY = "f5"


# Textual's own renamings of a few characters' Unicode names (textual.keys).
_RENAMED = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
            "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}


def _key_name(character: str) -> str:
    """Textual's name for the key that types ``character`` ("?" -> "question_mark")."""
    if character.isalnum():
        return character
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return _RENAMED.get(name, name)


PRINTABLE = "".join(c for c in string.printable if c.isprintable())  # space to tilde
PLAIN_KEYS = frozenset(_key_name(c) for c in PRINTABLE) | {"space"}


def is_plain(key: str) -> bool:
    """A key a person types as text: one printable character, without Ctrl or Alt."""
    return key in PLAIN_KEYS or (len(key) == 1 and key.isprintable())


def key_label(key: str) -> str:
    """A key as the dialogs and help name it: "Ctrl+Y", "Del", "F6"."""
    names = {"delete": "Del", "insert": "Ins", "escape": "Esc", "enter": "Enter"}
    parts = key.split("+")
    *mods, last = parts
    return "+".join([m.title() for m in mods] + [names.get(last, last.upper()
                                                           if len(last) <= 3 else last)])


def edit_binding(keys: str, action: str, description: str, **kwargs: Any) -> Binding:
    """A binding whose action adds, changes or removes recorded data.

    Refused (at import, so a test of any screen finds it) if any of ``keys`` is a plain
    key: typed text must never change data from outside a field."""
    plain = [k for k in keys.split(",") if is_plain(k.strip())]
    if plain:
        raise ValueError(f"{action}: {plain[0]!r} is a plain key; data changes need a "
                         "deliberate key (Ctrl, Delete, a function key)")
    return Binding(keys, action, description, **kwargs)


def add_binding(action: str = "add", description: str = "Add") -> Binding:
    return edit_binding(ADD_KEY, action, description, key_display="^n")


def remove_binding(action: str = "remove", description: str = "Remove") -> Binding:
    return edit_binding(REMOVE_KEYS, action, description, key_display="Del")


# --- fields --------------------------------------------------------------------------------

# The field widgets, by Textual's class names: a class is a field if one of its bases is
# one of these Textual widgets. Asking by name imports none of them (importing TextArea,
# SelectionList and the rest on the home screen's first focus was about 30 ms of start-up),
# and a widget class never imported cannot be focused anyway.
FIELD_WIDGETS = frozenset({"Input", "TextArea", "RadioSet", "Select", "SelectionList",
                           "Checkbox", "Switch"})


@cache
def _is_field_class(cls: type) -> bool:
    return any(base.__name__ in FIELD_WIDGETS and base.__module__.startswith("textual.widgets.")
               for base in cls.__mro__)


def field_of(widget: Widget | None) -> Widget | None:
    """The field ``widget`` is part of (itself, or a Select around its open list)."""
    node: Any = widget
    while node is not None and node is not getattr(widget, "screen", None):
        if _is_field_class(type(node)) or node.has_class("data-field"):
            return node
        node = node.parent
    return None


def is_text_field(widget: Widget | None) -> bool:
    from textual.widgets import Input, TextArea

    return isinstance(widget, Input | TextArea)


def field_name(widget: Widget) -> str:
    """What a person calls the field: its border title, the label just above it, or a
    label inside the container it heads."""
    from textual.widgets import Label

    if widget.border_title:
        return str(widget.border_title)
    name = getattr(widget, "field_label", "")
    if name:
        return str(name)
    node: Any = widget
    for _ in range(2):  # the field itself, then the container that holds it and its label
        parent = node.parent
        if parent is None:
            break
        previous = None
        for child in parent.children:
            if child is node:
                break
            if isinstance(child, Label) and child.display:
                previous = child
        if previous is not None:
            return str(previous.render()).split(" (")[0].strip()
        node = parent
    return (widget.id or "field").split("-", 1)[-1].replace("_", " ")


def field_keys(widget: Widget) -> list[tuple[str, str]]:
    """The keys of a field, for the key line while it has focus."""
    from textual.widgets import Input, RadioSet, Select, SelectionList, TextArea

    keys: list[tuple[str, str]] = []
    own = getattr(widget, "choice_keys", None)
    if own:
        keys += [(key, label) for key, label in own()]
    if isinstance(widget, TextArea):
        keys.append(("type", "text (Enter: new line)"))
    elif isinstance(widget, Input):
        keys.append(("type", "text"))
    elif isinstance(widget, Select):
        keys.append(("Enter", "open the list"))
    elif isinstance(widget, RadioSet) and not own:
        keys.append(("↑↓ Space", "choose"))
    elif isinstance(widget, SelectionList):
        keys.append(("↑↓ Space", "tick"))
    keys += [("Tab", "next"), ("Esc", "back")]
    return keys
