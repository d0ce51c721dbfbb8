"""Conflicts: a field changed on two devices. Show every value with its author and time;
the inspector picks the one to keep. No clock decides a winner."""

from __future__ import annotations

import json
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.time import shown
from .base import BaseScreen


def show_value(value: Any) -> str:
    if isinstance(value, str):
        return value if value else "(empty)"
    return json.dumps(value, ensure_ascii=False)


class ConflictsScreen(BaseScreen):
    HELP = """\
Conflicts: the same field was changed on two devices. Every value is listed with who
wrote it and when. Enter keeps the highlighted value (a new edit that replaces them all).
  ↑ ↓  choose      Enter  keep this value      Escape  back
"""
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, iid: str) -> None:
        super().__init__()
        self.iid = iid
        self.choices: dict[str, tuple[str, str, Any]] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(classes="bar"):
            yield Static("Conflicts", id="conflicts-title")
        yield OptionList(id="conflict-list")
        yield self.key_footer()

    def on_mount(self) -> None:
        self.load()
        self.query_one(OptionList).focus()

    def describe(self, conflict: Any) -> str:
        catalogue = self.inspect_app.catalogue
        tail = conflict.entity_id.split("/", 1)[-1]
        if conflict.entity == "finding":
            item_id = tail.split("/", 1)[-1]
            if catalogue.has_item(item_id):
                item = catalogue.item(item_id)
                return f"Finding {item.regulation} {item.title}: {conflict.field}"
        return f"{conflict.entity.replace('_', ' ')} {tail}: {conflict.field}"

    def load(self) -> None:
        conflicts = self.call(lambda s: s.conflicts(self.iid))
        options: list[Option | None] = []
        self.choices = {}
        for c_index, conflict in enumerate(conflicts):
            options.append(Option(f"[b]{escape(self.describe(conflict))}[/b]",
                                  disabled=True))
            for v_index, event in enumerate(conflict.values):
                key = f"{c_index}-{v_index}"
                self.choices[key] = (conflict.entity_id, conflict.field, event.value)
                text = show_value(event.value)
                if len(text) > 300:
                    text = text[:300] + "…"
                options.append(Option(f"  {escape(text)}\n    [dim]by {escape(event.author)} "
                                      f"on device {event.device[:6]} at "
                                      f"{shown(event.at)}[/dim]", id=key))
        widget = self.query_one(OptionList)
        widget.clear_options()
        if options:
            widget.add_options(options)
        self.query_one("#conflicts-title", Static).update(
            f"Conflicts · {len(conflicts)} field(s) to decide" if conflicts else
            "No conflicts: every field has one value.")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = self.choices.get(event.option.id or "")
        if choice is None:
            return
        entity_id, field, value = choice
        ok, message = self.try_call(lambda s: s.resolve_conflict(self.iid, entity_id, field,
                                                                 value))
        self.notify("Kept that value" if ok else message,
                    severity="information" if ok else "error", timeout=3)
        self.load()
