"""Setting details: what the report states about the provider and its history.

The registered manager, the responsible individual, the service, its address or area, the
categories of accommodation, the previous inspection and enforcement since. One line per
field, so that it fits 80x24. Saved as typed through the backend; a value the document
refuses (checked by the domain model, as the service will) is not sent, and the reason
shows beside its field.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Label, Static

from ...domain.models import InspectionDocument
from ...domain.vocab import ACCOMMODATION_CATEGORIES
from ..widgets.boxes import FieldsBox
from ..widgets.save_indicator import SaveIndicator
from .base import BaseScreen

# widget id -> (part of the document, field, label)
FIELDS: dict[str, tuple[str, str, str]] = {
    "set-registered_manager": ("provider", "registered_manager", "Registered manager"),
    "set-responsible_individual": ("provider", "responsible_individual",
                                   "Responsible individual"),
    "set-service": ("provider", "service", "Service"),
    "set-address": ("provider", "address", "Address or area"),
    "set-categories": ("provider", "categories", "Accommodation (1-4)"),
    "set-previous_none": ("previous_inspection", "none", "First inspection"),
    "set-previous_date": ("previous_inspection", "date", "Previous ended"),
    "set-previous_outcome": ("previous_inspection", "outcome", "Previous outcome"),
    "set-enforcement_none": ("enforcement", "none", "No enforcement"),
    "set-enforcement_actions": ("enforcement", "actions", "Enforcement since"),
}
PLACEHOLDERS = {
    "set-registered_manager": "the registered service manager, by name",
    "set-responsible_individual": "responsible or nominated individual, by name",
    "set-service": "what the service provides, in a sentence",
    "set-address": "registered address, or the area served",
    "set-categories": "e.g. 1,2,4",
    "set-previous_date": "YYYY-MM-DD (last day)",
    "set-previous_outcome": "as that report gave it",
    "set-enforcement_actions": "what action, and when",
}
# review list "setting:<where>" -> the widget to focus
WHERE = {"registered_manager": "set-registered_manager",
         "responsible_individual": "set-responsible_individual", "service": "set-service",
         "address": "set-address", "categories": "set-categories",
         "previous_inspection": "set-previous_date", "enforcement": "set-enforcement_actions"}


class CategoriesError(ValueError):
    pass


def parse_categories(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", ",").split(",") if part]
    except ValueError:
        raise CategoriesError("write numbers 1-4, e.g. 1,2,4") from None


class SettingScreen(BaseScreen):
    HELP = """\
Setting details: what the report states about the provider and its history.
  Tab / Shift+Tab  next / previous field     Space  tick a box     Escape  back
Categories of accommodation: 1 self-contained, 2 shared with looked-after children or
care leavers only, 3 shared with others, 4 supported lodgings.
Everything is saved as you type; a value that cannot be saved says why beside it.
"""
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, iid: str, focus: str | None = None) -> None:
        super().__init__()
        self.iid = iid
        self.focus_where = focus

    def compose(self) -> ComposeResult:
        doc = self.call(lambda s: s.load(self.iid))
        self.data: dict[str, Any] = doc.model_dump(mode="json")
        with Horizontal(classes="bar"):
            yield Static("Setting details", id="set-title")
            yield SaveIndicator(self.backend)
        with FieldsBox(id="set-body"):
            yield Static("The report states these; the review list says what is missing.",
                         classes="hint")
            for wid, (part, field, label) in FIELDS.items():
                value = self.data[part][field]
                group = " -group" if field == "none" or wid == "set-registered_manager" else ""
                with Horizontal(classes="set-row" + group):
                    yield Label(label, classes="set-label")
                    if field == "none":
                        yield Checkbox("none" if part == "enforcement" else "no previous one",
                                       value=bool(value), id=wid)
                    else:
                        text = (",".join(str(c) for c in value) if field == "categories"
                                else value or "")
                        yield Input(str(text), id=wid, placeholder=PLACEHOLDERS[wid])
                yield Static("", id=f"{wid}-error", classes="error set-error")
            yield Static(escape("  ".join(f"{n} {label}" for n, label in
                                          ACCOMMODATION_CATEGORIES.items())),
                         classes="hint", id="set-categories-key")
        yield self.key_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.enable_parts()
        target = WHERE.get(self.focus_where or "", "set-registered_manager")
        widget = self.query_one(f"#{target}")
        if widget.disabled:
            target = {"set-previous_date": "set-previous_none",
                      "set-enforcement_actions": "set-enforcement_none"}[target]
            widget = self.query_one(f"#{target}")
        widget.focus()

    def enable_parts(self) -> None:
        """Details of a previous inspection, or of enforcement, only where there was one."""
        previous = bool(self.data["previous_inspection"]["none"])
        self.query_one("#set-previous_date", Input).disabled = previous
        self.query_one("#set-previous_outcome", Input).disabled = previous
        self.query_one("#set-enforcement_actions", Input).disabled = bool(
            self.data["enforcement"]["none"])

    # --- saving ----------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        wid = event.input.id or ""
        if wid not in FIELDS:
            return
        part, field, _ = FIELDS[wid]
        value: Any = event.value.strip()
        if field == "categories":
            try:
                value = parse_categories(value)
            except CategoriesError as exc:
                self.show_error(wid, str(exc))
                return
        elif field == "date":
            value = value or None
        self.save(wid, {part: {field: value}}, typing=True)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        wid = event.checkbox.id or ""
        if wid not in FIELDS or event.value == bool(self.data[FIELDS[wid][0]]["none"]):
            return
        part = FIELDS[wid][0]
        changes: dict[str, Any] = {"none": event.value}
        if event.value:  # "none" clears what was written for the part
            changes.update({"date": None, "outcome": ""} if part == "previous_inspection"
                           else {"actions": ""})
        if self.save(wid, {part: changes}, typing=False):
            with self.prevent(Input.Changed):
                for other, (p, f, _) in FIELDS.items():
                    if p == part and f != "none":
                        self.query_one(f"#{other}", Input).value = ""
                        self.show_error(other, "")
            self.enable_parts()

    def save(self, wid: str, changes: dict[str, dict[str, Any]], typing: bool) -> bool:
        merged = {**self.data, **{p: {**self.data[p], **v} for p, v in changes.items()}}
        try:
            InspectionDocument.model_validate(merged)
        except ValidationError as exc:
            self.show_error(wid, _message(exc))
            return False
        self.show_error(wid, "")
        self.data = merged
        iid = self.iid
        key = ("setting", iid, wid)
        self.backend.change(key, lambda s: s.update_inspection(iid, fold=typing, **changes),
                            now=not typing)
        return True

    def show_error(self, wid: str, message: str) -> None:
        box = self.query_one(f"#{wid}-error", Static)
        box.update(escape(message))
        box.display = bool(message)

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self):
        return [("Back to the workspace", "Escape", self.action_back)]


def _message(exc: ValidationError) -> str:
    """The first reason, without the field path (it shows beside its field)."""
    error = exc.errors()[0]
    message = str(error.get("msg", "not valid")).removeprefix("Value error, ")
    if error.get("type", "").startswith("date"):
        return "write the date as YYYY-MM-DD"
    return message.replace("String should have at most", "at most").replace(
        "Input should be less than or equal to 4", "categories are 1 to 4").replace(
        "Input should be greater than or equal to 1", "categories are 1 to 4")
