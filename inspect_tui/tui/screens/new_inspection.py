"""A new inspection: provider, URN, categories, premises, dates, type, team, and the
setting details the report states (manager, nominated individual, service, address, the
previous inspection and enforcement since). Details left blank can be given later (d in
the workspace); the review list says what is still missing before submit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import (
    Button,
    Checkbox,
    Collapsible,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from ...domain.vocab import ACCOMMODATION_CATEGORIES, INSPECTION_TYPES
from ..widgets.boxes import FieldsBox
from ..widgets.choices import Ticks
from .base import BaseModal


def parse_premises(text: str) -> list[dict]:
    """``label | category | local authority`` per line; raise ValueError with the line."""
    premises = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= 4:
            raise ValueError(f"premises line {number}: write 'name | category 1-4 | local "
                             "authority' (the local authority may be left out)")
        premises.append({"label": parts[0], "category": int(parts[1]),
                         "local_authority": parts[2] if len(parts) > 2 else ""})
    return premises


class NewInspectionScreen(BaseModal[str | None]):
    HELP = """\
New inspection: fill the form; Tab moves between fields.
  Ctrl+S  create    Escape  cancel
Premises: one per line, 'name | category 1-4 | local authority'.
Every field the record cannot take says why beside it, all at once;
nothing is created until all are right.
"""
    BINDINGS = [
        Binding("ctrl+s", "create", "Create", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def compose(self) -> ComposeResult:
        today = self.inspect_app.today
        profile = self.call(lambda s: s.profile())

        def row(label: str, widget: Any, wid: str) -> ComposeResult:
            # One line per field (compact widgets), its error on the line under it: the
            # whole form fits 24 rows with room for the errors.
            with Horizontal(classes="new-row"):
                yield Label(label)
                yield widget
            yield Static("", id=f"{wid}-error", classes="error new-error", markup=False)

        with FieldsBox(id="new-dialog", classes="dialog"):
            yield from row("Provider name", Input(placeholder="as registered with Ofsted",
                                                  id="provider-name", compact=True),
                           "provider-name")
            yield from row("Ofsted URN", Input(placeholder="6-10 letters or digits, "
                                               "e.g. 2999901", id="provider-urn",
                                               max_length=10, compact=True), "provider-urn")
            yield from row("Categories", Ticks(
                *[(f"{n} {label}", n) for n, label in ACCOMMODATION_CATEGORIES.items()],
                id="categories", compact=True), "categories")
            yield from row("Premises", TextArea(id="premises", soft_wrap=False,
                                                show_line_numbers=False, compact=True,
                                                placeholder="name | category 1-4 | local "
                                                "authority, one per line"), "premises")
            with Horizontal(classes="new-row"):
                yield Label("Start date")
                yield Input(value=today.isoformat(), id="start-date", compact=True,
                            placeholder="YYYY-MM-DD")
                yield Label("End date", classes="new-second")
                yield Input(value=(today + timedelta(days=1)).isoformat(), id="end-date",
                            compact=True, placeholder="YYYY-MM-DD")
            yield Static("", id="start-date-error", classes="error new-error", markup=False)
            yield Static("", id="end-date-error", classes="error new-error", markup=False)
            yield from row("Type", Select([(label, key) for key, label in
                                           INSPECTION_TYPES.items()], value="full",
                                          allow_blank=False, id="type", compact=True), "type")
            yield from row("Lead inspector", Input(value=profile.name if profile else "",
                                                   id="lead", compact=True), "lead")
            yield from row("Team", Input(id="team", compact=True,
                                         placeholder="comma-separated, may be empty"), "team")
            # The setting details the report states, folded so that the form fits 24 rows:
            # they may wait (d in the workspace; the review list asks before submit).
            with Collapsible(title="Setting details: manager, service, history (may wait)",
                             id="new-setting", collapsed=True):
                yield from row("Manager", Input(id="registered-manager", compact=True,
                                                placeholder="registered service manager, by name"),
                               "registered-manager")
                yield from row("Nominated", Input(
                    id="responsible-individual", compact=True,
                    placeholder="responsible or nominated individual"), "responsible-individual")
                yield from row("Service", Input(id="service", compact=True,
                                                placeholder="what it provides, as its statement "
                                                "of purpose says"), "service")
                yield from row("Address", Input(id="address", compact=True,
                                                placeholder="or the area served"), "address")
                with Horizontal(classes="new-row"):
                    yield Label("Previous")
                    yield Input(id="previous-date", compact=True, placeholder="ended YYYY-MM-DD")
                    yield Label("Outcome", classes="new-second")
                    yield Input(id="previous-outcome", compact=True, placeholder="in its words")
                yield Static("", id="previous-date-error", classes="error new-error", markup=False)
                yield Static("", id="previous-outcome-error", classes="error new-error",
                             markup=False)
                yield from row("", Checkbox("First inspection (no previous one)",
                                            id="previous-none", compact=True), "previous-none")
                yield from row("Enforcement", Input(id="enforcement", compact=True,
                                                    placeholder="action since the last "
                                                    "inspection, and when"), "enforcement")
                yield from row("", Checkbox("No enforcement action since", id="enforcement-none",
                                            compact=True), "enforcement-none")
            yield Static("", id="new-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Create (Ctrl+S)", variant="primary", id="create", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#new-dialog").border_title = "New inspection"
        self.show_errors({})
        self.query_one("#provider-name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each error beside its field (``errors``: widget id -> message, "" for one that
        is about no field), the cursor on the first field refused; what was typed stays."""
        for box in self.query(".new-error").results(Static):
            wid = (box.id or "").removesuffix("-error")
            box.update(f"✗ {errors[wid]}" if wid in errors else "")
            box.display = wid in errors
        general = self.query_one("#new-error", Static)
        general.update(f"✗ {errors['']}" if "" in errors else "")
        general.display = "" in errors
        setting = self.query_one("#new-setting", Collapsible)
        for wid in FIELD_ORDER:
            if wid in errors:
                widget = self.query_one(f"#{wid}")
                if setting in widget.ancestors:
                    setting.collapsed = False
                widget.focus()
                break

    def action_create(self) -> None:
        from ...errors import Invalid

        value = lambda wid: self.query_one(wid, Input).value.strip()  # noqa: E731
        errors: dict[str, str] = {}
        try:
            premises = parse_premises(self.query_one("#premises", TextArea).text)
        except ValueError as exc:
            errors["premises"] = str(exc).removeprefix("premises ")
            premises = []
        provider = {"name": value("#provider-name"), "urn": value("#provider-urn"),
                    "categories": sorted(self.query_one("#categories", SelectionList).selected),
                    "registered_manager": value("#registered-manager"),
                    "responsible_individual": value("#responsible-individual"),
                    "service": value("#service"), "address": value("#address")}
        ticked = lambda wid: self.query_one(wid, Checkbox).value  # noqa: E731
        previous = ({"none": True} if ticked("#previous-none") else
                    {"date": value("#previous-date") or None,
                     "outcome": value("#previous-outcome")})
        enforcement = ({"none": True} if ticked("#enforcement-none") else
                       {"actions": value("#enforcement")})
        team = [t.strip() for t in value("#team").split(",") if t.strip()]
        kind = self.query_one("#type", Select).value
        check_only = bool(errors)  # premises refused: only check the rest, write nothing
        try:
            iid = self.backend.call(lambda s: s.create_inspection(
                provider=provider, type=kind, start_date=value("#start-date"),
                end_date=value("#end-date"), lead_inspector=value("#lead"), team=team,
                premises=premises, previous_inspection=previous, enforcement=enforcement,
                check_only=check_only))
        except Invalid as exc:
            errors = {**field_errors_by_widget(exc.fields or {"": str(exc)}), **errors}
        if errors:
            self.show_errors(errors)
            return
        self.notify(f"Created the inspection of {provider['name']}", timeout=3)
        self.dismiss(iid)

    def action_cancel(self) -> None:
        self.dismiss(None)


# The form's fields in order, by widget id, and the record's field each one fills.
FIELD_ORDER = ("provider-name", "provider-urn", "categories", "premises", "start-date",
               "end-date", "type", "lead", "team", "registered-manager",
               "responsible-individual", "service", "address", "previous-date",
               "previous-outcome", "previous-none", "enforcement", "enforcement-none")
WIDGET_OF_FIELD = {"provider.name": "provider-name", "provider.urn": "provider-urn",
                   "provider.categories": "categories", "premises": "premises",
                   "start_date": "start-date", "end_date": "end-date", "type": "type",
                   "lead_inspector": "lead", "team": "team",
                   "provider.registered_manager": "registered-manager",
                   "provider.responsible_individual": "responsible-individual",
                   "provider.service": "service", "provider.address": "address",
                   "previous_inspection": "previous-date", "enforcement": "enforcement"}
# Pydantic's wording, said as a person filling the form would want it.
PLAIN_WORDS = {
    "String should have at least 1 character": "required",
    "String should match pattern '^[A-Za-z0-9]{6,10}$'": "use 6 to 10 letters or digits",
}


def field_errors_by_widget(fields: dict[str, str]) -> dict[str, str]:
    """The service's refused fields (``provider.urn``, ``premises.0.label``, ``""``) as
    the widgets that show them; an error of the whole record that names a date goes beside
    the end date."""
    errors: dict[str, str] = {}
    for loc, message in fields.items():
        message = PLAIN_WORDS.get(message, message)
        head = loc.split(".")
        key = ".".join(head[:2]) if head[0] == "provider" else head[0]
        wid = WIDGET_OF_FIELD.get(key, "")
        if key == "premises" and len(head) > 1 and head[1].isdigit():
            message = f"line {int(head[1]) + 1}: {'.'.join(head[2:])} {message}"
        if not wid and ("end date" in message or "before" in message):
            wid = "end-date"
        errors.setdefault(wid, message)
    return errors
