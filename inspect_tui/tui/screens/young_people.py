"""The young people tracked in an inspection: by case code, never by name.

A list on the left and, beside it, the form of the highlighted young person (the list and
form of :class:`~inspect_tui.tui.widgets.list_form.ListFormPane`). Every change is checked
by the domain as it is typed: what it refuses stays in its field with the reason beside
it and is not saved, so the list only ever shows what is stored. ``c`` opens CSE &
safeguarding for the highlighted young person (``screens/cse/``).
"""

from __future__ import annotations

import importlib
from typing import Any

from pydantic import ValidationError
from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from ...domain.models import YoungPerson
from ...domain.review import edit_refusal
from ...domain.vocab import (
    ACCOMMODATION_CATEGORIES,
    DISABILITY,
    ETHNICITIES,
    LEGAL_STATUSES,
    SEXES,
)
from ..widgets.list_form import Field, ListFormPane, domain_message
from ..widgets.save_indicator import SaveIndicator
from .base import BaseScreen

# The table's words: the Children Act's own terms for the two kinds of care leaver, short
# enough that the column is whole at 80 columns.
LEGAL_SHORT = {"looked_after": "Looked after", "relevant_child": "Relevant child",
               "former_relevant": "Former relevant"}


def cse_screen_class() -> Any:
    """The CSE screen if that module is installed, else None."""
    try:
        module = importlib.import_module("inspect_tui.tui.screens.cse")
    except ImportError:
        return None
    return getattr(module, "CseScreen", None)


class PeoplePane(ListFormPane):
    NOUN = "young person"
    COLUMNS = ("Case code", "Age", "Sex", "Legal status")
    FIELDS = (
        (Field("case_code", "Case code (never a name)",
               max_length=16),),
        (Field("age", "Age (15-18)", "number", max_length=2),),
        (Field("sex", "Sex", "choice", SEXES),),
        (Field("ethnicity", "Ethnicity (ONS 2021)", "choice", ETHNICITIES),),
        (Field("disability", "Disability", "choice", DISABILITY),),
        (Field("legal_status", "Legal status", "choice", LEGAL_STATUSES),),
        (Field("category", "Category of accommodation", "choice",
               {k: f"{k} {v}" for k, v in ACCOMMODATION_CATEGORIES.items()},
               blank="Not recorded"),),
        (Field("premises_id", "Premises", "choice", blank="Not recorded"),),
        (Field("placement_start", "Placement start", "date"),),
        (Field("note", "Note (saved as you type; no names)", "note"),),
    )
    EMPTY = "No young people recorded yet. Ctrl+N adds one."
    TABLE_CLASSES = ""
    ADD_FOCUS = "age"  # the case code was given to add them
    DEFAULT_CSS = """
    PeoplePane { layout: horizontal; }
    PeoplePane > DataTable { width: 45%; min-width: 41; height: 1fr; }  /* "Former relevant" */
    PeoplePane > VerticalScroll { width: 1fr; height: 1fr; max-height: 100%; }
    PeoplePane .form-field > Label { margin-top: 1; }
    """

    @property
    def people_screen(self) -> YoungPeopleScreen:
        return self.screen  # type: ignore[return-value]

    def rows(self) -> list[Any]:
        return self.people_screen.people

    def cells(self, person: Any) -> tuple[Any, ...]:
        # Not known is "?", as an age not given is: the list fits 80 columns either way.
        sex = "?" if person.sex in (None, "not_known") else SEXES.get(person.sex, "?")
        return (person.case_code, str(person.age or "?"), sex,
                LEGAL_SHORT.get(person.legal_status or "", "Not known"))

    def title(self, person: Any) -> str:
        return person.case_code

    def values(self, person: Any) -> dict[str, Any]:
        data = person.model_dump(mode="json")
        data["age"] = None if person.age is None else str(person.age)
        data["category"] = person.category
        return data

    def propose(self, person: Any, name: str, value: Any) -> tuple[Any, str]:
        try:
            return YoungPerson.model_validate({**person.model_dump(), name: value}), ""
        except ValidationError as exc:
            return None, domain_message(exc)

    def save(self, person: Any, name: str, value: Any, typing: bool) -> None:
        screen = self.people_screen
        iid, yp_id = screen.iid, person.id
        screen.backend.change(("young_person", yp_id, name), lambda s: s.update(
            iid, "young_person", yp_id, fold=typing, **{name: value}), now=not typing)
        proposed, _ = self.propose(person, name, value)
        if proposed is not None:
            screen.people = [proposed if p.id == yp_id else p for p in screen.people]
            screen.show_count()

    async def add(self) -> str | None:
        from ..dialogs.prompts import PromptScreen

        screen = self.people_screen
        iid = screen.iid

        def add(code: str) -> tuple[bool, Any]:
            return screen.try_call(lambda s: s.add(iid, "young_person", case_code=code))

        new = await self.app.push_screen_wait(PromptScreen(
            "Add a young person", "Case code (e.g. LL-0460), never a name", submit=add))
        if new is None:
            return None
        screen.load(new)
        return new

    async def remove(self, person: Any) -> None:
        screen = self.people_screen
        iid, yp_id = screen.iid, person.id
        # Through the writer, so it lands after any edit still being saved.
        screen.backend.change(("young_person", yp_id, "deleted"),
                              lambda s: s.remove(iid, "young_person", yp_id), now=True)
        await screen.backend.wait_idle()
        screen.load()

    async def action_add(self) -> None:
        # The dialog waits for an answer, so it runs as a worker of its own.
        self.run_worker(super().action_add(), exclusive=True, group="add")


class YoungPeopleScreen(BaseScreen):
    HELP = """\
Young people: recorded by case code only (never a name).
  ↑ ↓        choose a young person      Enter or Tab   edit them in the form
  Ctrl+N     add a young person         Delete  remove (asks; Delete again removes)
  F6 / F5    next / previous young person, staying in the same field
  c          CSE & safeguarding for the highlighted young person
  Escape     back to the workspace (or from the form back to the list)
Changes in the form are saved as you make them; a value the record cannot hold stays in
its field with the reason beside it, and is not saved.
"""
    BINDINGS = [
        Binding("c", "cse", "CSE & safeguarding"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, iid: str, select: str | None = None) -> None:
        super().__init__()
        self.iid = iid
        self.select = select
        self.people: list[Any] = []
        self.premises: list[Any] = []
        self.provider = ""

    @property
    def pane(self) -> PeoplePane:
        return self.query_one(PeoplePane)

    @property
    def current(self) -> str | None:
        return self.pane.current

    def compose(self) -> ComposeResult:
        with Horizontal(classes="bar"):
            yield Static("Young people", id="yp-title")
            yield SaveIndicator(self.backend)
        yield PeoplePane("yp", id="yp-main")
        yield self.key_footer()

    def on_mount(self) -> None:
        self.load(self.select)
        self.pane.table.focus()

    def on_screen_resume(self) -> None:
        if self.first_resume():
            return
        self.load(self.current)

    def load(self, select: str | None = None) -> None:
        doc = self.call(lambda s: s.load(self.iid))
        self.people = list(doc.young_people)
        self.premises = doc.premises
        self.provider = doc.provider.name
        self.pane.read_only = edit_refusal(doc.status) or ""
        self.pane.form.set_options("premises_id", [(p.label, p.id) for p in doc.premises])
        self.show_count()
        self.pane.show(select)

    def show_count(self) -> None:
        self.query_one("#yp-title", Static).update(
            f"Young people · {escape(self.provider)} · {len(self.people)} tracked"
            + (" · [reverse]read-only[/reverse]" if self.pane.read_only else ""))

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
        if focused is not None and focused is not self.pane.table and self.people:
            self.focus_now(self.pane.table)
            return
        self.app.pop_screen()

    def palette_commands(self):
        return [("Add a young person", "By case code (Ctrl+N)", self.pane.action_add),
                ("Remove the young person", "Asks first (Delete)", self.pane.action_remove),
                ("CSE & safeguarding", "Indicators and missing episodes (c)",
                 self.action_cse)]
