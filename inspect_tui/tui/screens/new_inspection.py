"""A new inspection: provider, URN, categories, premises, dates, type, team, and the
setting details the report states (manager, nominated individual, service, address, the
previous inspection and enforcement since). Details left blank can be given later (d in
the workspace); the review list says what is still missing before submit."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from ...domain.vocab import ACCOMMODATION_CATEGORIES, INSPECTION_TYPES
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
"""
    BINDINGS = [
        Binding("ctrl+s", "create", "Create", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def compose(self) -> ComposeResult:
        today = self.inspect_app.today
        profile = self.call(lambda s: s.profile())
        with VerticalScroll(id="new-dialog", classes="dialog"):
            yield Static("New inspection", classes="dialog-title")
            # Above the fields, so that it shows beside the field it sends the cursor to.
            yield Static("", id="new-error", classes="error")
            yield Label("Provider name")
            yield Input(placeholder="as registered with Ofsted", id="provider-name")
            yield Label("Ofsted URN (6-10 letters or digits)")
            yield Input(placeholder="e.g. 2999901", id="provider-urn", max_length=10)
            yield Label("Categories of accommodation (Space to tick)")
            yield Ticks(
                *[(f"{n} {label}", n) for n, label in ACCOMMODATION_CATEGORIES.items()],
                id="categories")
            yield Label("Premises to visit (one per line: name | category | local authority)")
            yield TextArea(id="premises", soft_wrap=False, show_line_numbers=False)
            with Horizontal(classes="row"):
                with VerticalScroll(classes="cell"):
                    yield Label("Start date")
                    yield Input(value=today.isoformat(), id="start-date",
                                placeholder="YYYY-MM-DD")
                with VerticalScroll(classes="cell"):
                    yield Label("End date")
                    yield Input(value=(today + timedelta(days=1)).isoformat(), id="end-date",
                                placeholder="YYYY-MM-DD")
            yield Label("Type")
            yield Select([(label, key) for key, label in INSPECTION_TYPES.items()],
                         value="full", allow_blank=False, id="type")
            yield Label("Lead inspector")
            yield Input(value=profile.name if profile else "", id="lead")
            yield Label("Team (comma-separated, may be empty)")
            yield Input(id="team")
            yield Static("Setting details (may be left for later: d in the workspace)",
                         classes="dialog-title")
            yield Label("Registered service manager")
            yield Input(id="registered-manager", placeholder="by name")
            yield Label("Responsible or nominated individual")
            yield Input(id="responsible-individual", placeholder="by name")
            yield Label("What the service provides")
            yield Input(id="service", placeholder="a sentence, as its statement of purpose says")
            yield Label("Address or area")
            yield Input(id="address")
            yield Checkbox("First inspection (no previous one)", id="previous-none")
            with Horizontal(classes="row"):
                with VerticalScroll(classes="cell"):
                    yield Label("Previous inspection ended")
                    yield Input(id="previous-date", placeholder="YYYY-MM-DD")
                with VerticalScroll(classes="cell"):
                    yield Label("Its outcome, in its words")
                    yield Input(id="previous-outcome")
            yield Checkbox("No enforcement action since", id="enforcement-none")
            yield Label("Enforcement action since the last inspection")
            yield Input(id="enforcement", placeholder="what action, and when")
            with Horizontal(classes="buttons"):
                yield Button("Create (Ctrl+S)", variant="primary", id="create")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#provider-name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()

    def show_error(self, message: str) -> None:
        message = message.removeprefix("inspection: ")
        self.query_one("#new-error", Static).update(message)
        for words, field in FIELD_OF_ERROR:
            if any(w in message for w in words):
                self.query_one(field).focus()
                break
        self.query_one("#new-dialog").scroll_home(animate=False)

    def action_create(self) -> None:
        value = lambda wid: self.query_one(wid, Input).value.strip()  # noqa: E731
        try:
            premises = parse_premises(self.query_one("#premises", TextArea).text)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        if not value("#provider-name"):
            self.show_error("provider name: give the provider's registered name")
            return
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
        ok, result = self.try_call(lambda s: s.create_inspection(
            provider=provider, type=kind, start_date=value("#start-date"),
            end_date=value("#end-date"), lead_inspector=value("#lead"), team=team,
            premises=premises, previous_inspection=previous, enforcement=enforcement))
        if not ok:
            self.show_error(friendly(result))
            return
        self.notify(f"Created the inspection of {provider['name']}", timeout=3)
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


FIELD_OF_ERROR = (
    (("provider name",), "#provider-name"),
    (("URN",), "#provider-urn"),
    (("premises",), "#premises"),
    (("start date",), "#start-date"),
    (("end date", "end_date", "before"), "#end-date"),
    (("lead inspector",), "#lead"),
    (("team",), "#team"),
    (("registered manager", "registered_manager"), "#registered-manager"),
    (("responsible", "nominated"), "#responsible-individual"),
    (("provider.service", "service:"), "#service"),
    (("address",), "#address"),
    (("previous inspection", "previous_inspection", "first inspection"), "#previous-date"),
    (("enforcement",), "#enforcement"),
)
FIELD_NAMES = {
    "provider.urn": "URN",
    "provider.name": "provider name",
    "start_date": "start date",
    "end_date": "end date",
    "lead_inspector": "lead inspector",
    "previous_inspection.date": "previous inspection date",
    "previous_inspection": "previous inspection",
    "provider.registered_manager": "registered manager",
    "provider.responsible_individual": "responsible individual",
}


def friendly(message: str) -> str:
    """Service messages name model fields; say them as the form does."""
    for field, label in FIELD_NAMES.items():
        message = message.replace(f"{field}:", f"{label}:")
    return message.replace("String should match pattern '^[A-Za-z0-9]{6,10}$'",
                           "use 6 to 10 letters or digits")
