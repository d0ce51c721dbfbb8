"""Tab 5: the core data set, kept apart: the victim's demographics (from the young
person's record), how many suspected perpetrators and whether they acted with others,
and each perpetrator described, where known."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.widgets import Static

from ....domain.cse.models import AGE_BANDS, PERPETRATOR_SEXES, YES_NO, PerpetratorData
from ....domain.vocab import DISABILITY, ETHNICITIES, SEXES
from ...widgets.boxes import FieldsBox
from ...widgets.list_form import Field, FieldForm, domain_message
from .rows import RowsPane


class PerpetratorsPane(RowsPane):
    NOUN = "perpetrator"
    ENTITY = "perpetrator"
    COLUMNS = ("Sex", "Age band", "Ethnicity")
    FIELDS = ((Field("sex", "Sex", "choice", PERPETRATOR_SEXES),
               Field("age_band", "Age band", "choice", AGE_BANDS),
               Field("ethnicity", "Ethnicity (ONS 2021)", "choice", ETHNICITIES)),)
    EMPTY = "Ctrl+N describes a suspected perpetrator, where known."
    DEFAULT_CSS = "PerpetratorsPane { height: auto; }"

    def rows(self) -> list[Any]:
        return self.cse.record.perpetrators.perpetrators

    def cells(self, p: Any) -> tuple[Any, ...]:
        return (PERPETRATOR_SEXES[p.sex], AGE_BANDS[p.age_band], ETHNICITIES[p.ethnicity][:40])

    def title(self, p: Any) -> str:
        number = next((n for n, r in enumerate(self.rows(), 1) if r.id == p.id), 0)
        return f"Suspected perpetrator {number}"


class CorePane(FieldsBox):
    DEFAULT_CSS = """
    CorePane { padding: 0 0; }
    CorePane #core-victim { padding: 0 1; }
    """
    FIELDS = ((Field("number", "Suspected perpetrators (number)", "number",
                     max_length=3, placeholder="blank: not known"),
               Field("acting_with_others", "Acting with others", "choice", YES_NO)),)

    @property
    def cse(self) -> Any:
        return self.screen

    @property
    def form(self) -> FieldForm:
        return self.query_one("#core-form", FieldForm)

    @property
    def perpetrators(self) -> PerpetratorsPane:
        return self.query_one(PerpetratorsPane)

    def compose(self) -> ComposeResult:
        yield Static("", id="core-victim")
        yield FieldForm(self.FIELDS, "core", id="core-form")
        yield PerpetratorsPane("pp", id="pp-pane")

    def home_widget(self) -> Any:
        return self.perpetrators.home_widget()

    def first_field(self) -> Any:
        return self.form.first()

    def subject_title(self) -> str:
        return f"· {self.cse.case_code}"

    def show_record(self, keep_focused: bool = False) -> None:
        person = self.cse.person
        self.query_one("#core-victim", Static).update(
            f"Victim (from the young person's record): age {person.age or 'not known'} · "
            f"{SEXES[person.sex].lower()} · {ETHNICITIES[person.ethnicity]} · "
            f"{DISABILITY[person.disability].lower()}. Change these on the young people "
            "screen.")
        data = self.cse.record.perpetrators
        self.form.fill(f"Suspected perpetrators of harm to {self.cse.case_code}",
                       {"number": None if data.number is None else str(data.number),
                        "acting_with_others": data.acting_with_others},
                       keep_focused=keep_focused, read_only=bool(self.cse.read_only))
        self.perpetrators.show_record(keep_focused=keep_focused)

    def on_field_form_edited(self, event: FieldForm.Edited) -> None:
        if event.form is not self.form:
            return
        event.stop()
        if self.cse.read_only:
            return
        data = self.cse.record.perpetrators
        try:
            updated = PerpetratorData.model_validate({**data.model_dump(),
                                                      event.name: event.value})
        except ValidationError as exc:
            self.form.show_error(event.name, domain_message(exc))
            return
        self.form.show_error(event.name, "")
        iid, yp, name, value = self.cse.iid, self.cse.yp_id, event.name, event.value
        self.cse.save(("core", name), lambda s: s.cse.set_perpetrator_data(
            iid, yp, **{name: value}), event.typing)
        self.cse.record.perpetrators = updated
