"""The young people tracked in an inspection: by case code, never by name.

The CSE indicator checklist and missing episodes live on their own screen
(``screens/cse.py``, added by the CSE work); ``c`` opens it for the highlighted young person.
"""

from __future__ import annotations

import importlib
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Input, Label, Select, Static, TextArea

from ...domain.vocab import (
    ACCOMMODATION_CATEGORIES,
    DISABILITY,
    ETHNICITIES,
    LEGAL_STATUSES,
    SEXES,
)
from ..widgets.language_flags import LanguageFlags
from ..widgets.save_indicator import SaveIndicator
from .base import BaseScreen

TEXT_FIELDS = {"yp-case_code": "case_code", "yp-age": "age", "yp-placement_start":
               "placement_start"}
CHOICE_FIELDS = {"yp-sex": "sex", "yp-ethnicity": "ethnicity", "yp-disability": "disability",
                 "yp-legal_status": "legal_status", "yp-category": "category",
                 "yp-premises_id": "premises_id"}


def cse_screen_class() -> Any:
    """The CSE screen if that module is installed, else None."""
    try:
        module = importlib.import_module("inspect_tui.tui.screens.cse")
    except ImportError:
        return None
    return getattr(module, "CseScreen", None)


class YoungPeopleScreen(BaseScreen):
    HELP = """\
Young people: recorded by case code only (never a name).
  ↑ ↓        choose a young person      Tab   move to the form
  a          add a young person         d     remove (asks first)
  c          CSE & safeguarding for the highlighted young person
  Escape     back to the workspace (or from the form back to the list)
Changes in the form are saved as you make them.
"""
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("d", "remove", "Remove"),
        Binding("c", "cse", "CSE & safeguarding"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, iid: str, select: str | None = None) -> None:
        super().__init__()
        self.iid = iid
        self.select = select
        self.people: list[dict[str, Any]] = []
        self.premises: list[Any] = []
        self.current: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="bar"):
            yield Static("Young people", id="yp-title")
            yield SaveIndicator(self.backend)
        with Horizontal(id="yp-main"):
            yield DataTable(id="yp-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="yp-form"):
                yield Static("", id="yp-heading", classes="item-title")
                yield Label("Case code (letters, digits, hyphens; never a name)")
                yield Input(id="yp-case_code")
                yield Label("Age (15-18)")
                yield Input(id="yp-age", type="integer", max_length=2)
                yield Label("Sex")
                yield Select([(v, k) for k, v in SEXES.items()], id="yp-sex",
                             allow_blank=False)
                yield Label("Ethnicity (ONS 2021)")
                yield Select([(v, k) for k, v in ETHNICITIES.items()], id="yp-ethnicity",
                             allow_blank=False)
                yield Label("Disability")
                yield Select([(v, k) for k, v in DISABILITY.items()], id="yp-disability",
                             allow_blank=False)
                yield Label("Legal status")
                yield Select([(v, k) for k, v in LEGAL_STATUSES.items()],
                             id="yp-legal_status", allow_blank=False)
                yield Label("Category of accommodation")
                yield Select([(f"{k} {v}", k) for k, v in ACCOMMODATION_CATEGORIES.items()],
                             id="yp-category", prompt="Not recorded")
                yield Label("Premises")
                yield Select([], id="yp-premises_id", prompt="Not recorded")
                yield Label("Placement start (YYYY-MM-DD)")
                yield Input(id="yp-placement_start", placeholder="YYYY-MM-DD")
                yield Label("Note (saved as you type; no names)")
                yield LanguageFlags(id="yp-note-flags")
                yield TextArea(id="yp-note", soft_wrap=True)
            yield Static("No young people recorded yet. Press a to add one.", id="yp-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#yp-table", DataTable)
        table.add_columns("Case code", "Age", "Sex", "Legal status")
        self.load(self.select)
        table.focus()

    def on_screen_resume(self) -> None:
        self.load(self.current)

    def load(self, select: str | None = None) -> None:
        doc = self.call(lambda s: s.load(self.iid))
        self.people = [y.model_dump(mode="json") for y in doc.young_people]
        self.premises = doc.premises
        self.query_one("#yp-premises_id", Select).set_options(
            [(p.label, p.id) for p in doc.premises])
        self.query_one("#yp-title", Static).update(
            f"Young people · {doc.provider.name} · {len(self.people)} tracked")
        table = self.query_one("#yp-table", DataTable)
        table.clear()
        for person in self.people:
            table.add_row(*self.row(person), key=person["id"])
        has = bool(self.people)
        self.query_one("#yp-form").display = has
        self.query_one("#yp-table").display = has
        self.query_one("#yp-empty").display = not has
        target = select or (self.people[0]["id"] if self.people else None)
        for index, person in enumerate(self.people):
            if person["id"] == target:
                table.move_cursor(row=index)
        if target:
            self.fill(target)

    @staticmethod
    def row(person: dict[str, Any]) -> tuple[str, ...]:
        return (person["case_code"], str(person.get("age") or "?"),
                SEXES.get(person.get("sex"), "?"),
                {"looked_after": "Looked after", "relevant_child": "Care leaver (relevant)",
                 "former_relevant": "Care leaver (former)"}.get(
                     person.get("legal_status") or "", "Not known"))

    def person(self, yp_id: str | None) -> dict[str, Any] | None:
        return next((p for p in self.people if p["id"] == yp_id), None)

    def fill(self, yp_id: str) -> None:
        person = self.person(yp_id)
        if person is None:
            return
        self.current = yp_id
        self.query_one("#yp-heading", Static).update(f"[b]{person['case_code']}[/b]")
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            for wid, field in TEXT_FIELDS.items():
                value = person.get(field)
                self.query_one(f"#{wid}", Input).value = "" if value is None else str(value)
            for wid, field in CHOICE_FIELDS.items():
                value = person.get(field)
                self.query_one(f"#{wid}", Select).value = (Select.NULL if value is None
                                                           else value)
            note = self.query_one("#yp-note", TextArea)
            if note.text != person.get("note", ""):
                note.load_text(person.get("note", ""))
            self.query_one("#yp-note-flags", LanguageFlags).check(person.get("note", ""))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value != self.current:
            self.fill(event.row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#yp-case_code", Input).focus()

    # --- saving --------------------------------------------------------------------------
    def save(self, field: str, value: Any, text: bool) -> None:
        yp_id = self.current
        person = self.person(yp_id)
        if person is None or yp_id is None:
            return
        person[field] = value
        iid = self.iid
        self.backend.change(("young_person", yp_id, field),
                            lambda s: s.update(iid, "young_person", yp_id, fold=text,
                                               **{field: value}), now=not text)
        if field in ("case_code", "age", "sex", "legal_status"):
            table = self.query_one("#yp-table", DataTable)
            row_key = yp_id
            for column, cell in zip(table.columns, self.row(person), strict=False):
                table.update_cell(row_key, column, cell)
            if field == "case_code":
                self.query_one("#yp-heading", Static).update(f"[b]{value}[/b]")

    def on_input_changed(self, event: Input.Changed) -> None:
        field = TEXT_FIELDS.get(event.input.id or "")
        if field is None:
            return
        value: Any = event.value.strip()
        if field == "age":
            value = int(value) if value.isdigit() else None
        elif field == "placement_start":
            value = value or None
        self.save(field, value, text=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        field = CHOICE_FIELDS.get(event.select.id or "")
        if field is None:
            return
        value = None if event.value is Select.NULL else event.value
        # A Select announces its first option when it mounts, after fill() has run: an
        # event that no longer matches the widget, or changes nothing, is not an edit
        # (otherwise opening the screen overwrote ethnicity and disability).
        person = self.person(self.current)
        if event.value != event.select.value or (person and person.get(field) == value):
            return
        self.save(field, value, text=False)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "yp-note":
            self.query_one("#yp-note-flags", LanguageFlags).check(event.text_area.text)
            self.save("note", event.text_area.text, text=True)

    # --- actions -------------------------------------------------------------------------
    def action_add(self) -> None:
        from .dialogs import PromptScreen

        def add(code: str | None) -> None:
            if not code:
                return
            ok, result = self.try_call(lambda s: s.add(self.iid, "young_person",
                                                        case_code=code.strip()))
            if not ok:
                self.notify(result, severity="error", timeout=6)
                return
            self.load(result)
            self.query_one("#yp-age", Input).focus()

        self.app.push_screen(PromptScreen("Add a young person",
                                          "Case code (e.g. LL-0460), never a name"), add)

    def action_remove(self) -> None:
        person = self.person(self.current)
        if person is None:
            return
        from .dialogs import ConfirmScreen

        def remove(yes: bool | None) -> None:
            if yes:
                yp_id, iid = person["id"], self.iid
                # Through the writer, so it lands after any edit still being saved.
                self.backend.change(("young_person", yp_id, "deleted"),
                                    lambda s: s.remove(iid, "young_person", yp_id), now=True)
                self.people = [p for p in self.people if p["id"] != yp_id]
                self.current = None
                self.query_one("#yp-table", DataTable).remove_row(yp_id)
                if self.people:
                    self.fill(self.people[0]["id"])
                else:
                    self.query_one("#yp-form").display = False
                    self.query_one("#yp-table").display = False
                    self.query_one("#yp-empty").display = True
                self.notify(f"Removed {person['case_code']} (kept in the history)", timeout=3)

        self.app.push_screen(ConfirmScreen(f"Remove {person['case_code']} from this "
                                           "inspection?"), remove)

    async def action_cse(self) -> None:
        await self.backend.wait_idle()
        if self.current is None:
            self.notify("Add or choose a young person first", severity="warning")
            return
        screen_class = cse_screen_class()
        if screen_class is None:
            self.notify("CSE & safeguarding is not available in this version yet",
                        severity="warning", timeout=4)
            return
        self.app.push_screen(screen_class(self.backend.service, self.iid, self.current))

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused.id != "yp-table" and self.people:
            self.query_one("#yp-table", DataTable).focus()
            return
        self.app.pop_screen()

    def palette_commands(self):
        return [("Add a young person", "By case code (a)", self.action_add),
                ("Remove the young person", "Asks first (d)", self.action_remove),
                ("CSE & safeguarding", "Indicators and missing episodes (c)",
                 self.action_cse)]
