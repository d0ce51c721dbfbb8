"""A list with a form under it, bound to the highlighted row.

The form says which row it belongs to (its title, and the key line while a field has
focus), every field has its error beside it, and nothing in the form moves the list's
cursor: a choice key changes the row the form names, and F6 / F5 are the only ways to
the next or previous row without leaving the field.

Attributes down, messages up: the pane that holds a :class:`FieldForm` fills it with
values and hears :class:`FieldForm.Edited` for each change a person makes; it checks the
change with the domain (never here) and shows the domain's message with
:meth:`FieldForm.show_error`. :class:`ListFormPane` does the list half for a pane whose
rows are domain models; the subclass says what the rows are and how to save them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label, RadioSet, Select, Static, TextArea

from ..keys import NEXT_ROW_KEY, PREVIOUS_ROW_KEY, add_binding, remove_binding
from .boxes import FieldsBox
from .choices import KeyedChoices
from .language_flags import LanguageFlags
from .table import RowTable

FORMATS = {"date": "YYYY-MM-DD", "datetime": "YYYY-MM-DD HH:MM"}


@dataclass(frozen=True)
class Field:
    """One field of a form. ``kind``: text, date, datetime, number, choice (a drop-down),
    keyed (choices with a key each, ``keys`` key -> option) or note (several lines)."""

    name: str
    label: str
    kind: str = "text"
    options: Mapping[str, str] = field(default_factory=dict)
    keys: Mapping[str, str] | None = None
    placeholder: str = ""
    max_length: int = 0
    blank: str = ""  # a choice that may be left unset, shown as this prompt


def _hint_fits(label: str, hint: str, fields_in_row: int) -> bool:
    """Whether a format hint fits in its field's label at 80 columns; where it does not,
    the empty field's placeholder and the "keep typing" line give the format instead."""
    width = {1: 74, 2: 36}.get(fields_in_row, 0)
    return len(label) + len(hint) + 3 <= width


def still_typing(kind: str, text: str) -> bool:
    """A date or time that is only begun: say how it goes on rather than that it is wrong."""
    full = FORMATS.get(kind)
    return bool(full) and len(text) < len(full) and re.fullmatch(r"[0-9: -]*", text) is not None


class FieldForm(Vertical):
    """Fields bound to one subject; see the module docstring."""

    DEFAULT_CSS = """
    FieldForm { height: auto; padding: 0 1; }
    FieldForm .form-title { text-style: bold; color: $accent; }
    FieldForm .form-row { height: auto; }
    FieldForm .form-field { width: 1fr; height: auto; margin-right: 1; }
    FieldForm .form-field > Label { color: $text-muted; }
    FieldForm .field-error { color: $error; height: auto; }
    FieldForm .field-error.-typing { color: $text-muted; text-style: none; }
    FieldForm KeyedChoices, FieldForm KeyedChoices:focus {
        layout: horizontal; width: 100%; height: auto; border: none;
    }
    FieldForm KeyedChoices > RadioButton { width: auto; margin-right: 1; }
    FieldForm .-note TextArea { height: 4; }
    """

    @dataclass
    class Edited(Message):
        form: FieldForm
        name: str
        value: Any  # stripped text or None; an option key for a choice
        typing: bool  # text typed (saved shortly, folded), not a choice (saved at once)

    def __init__(self, layout: tuple[tuple[Field, ...], ...], prefix: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.field_rows = layout
        self.prefix = prefix
        self.fields = {f.name: f for row in layout for f in row}
        self._shown: dict[str, Any] = {}
        self._invalid: set[str] = set()
        self._errors: dict[str, Static] = {}  # the error lines mounted so far
        # Until first filled, a field's events are its widgets settling (a Select
        # announces its first option on mount), not a person's edits.
        self.filled = False

    # --- building ------------------------------------------------------------------------
    def wid(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def compose(self) -> ComposeResult:
        yield Static("", classes="form-title")
        for row in self.field_rows:
            if len(row) == 1:
                # A field alone on its line needs no row around it (it looks the same):
                # each container of automatic height is one more to measure in every
                # layout pass.
                yield from self._field(row[0], 1)
                continue
            with Horizontal(classes="form-row"):
                for spec in row:
                    yield from self._field(spec, len(row))

    def _field(self, spec: Field, fields_in_row: int) -> ComposeResult:
        with Vertical(classes=f"form-field -{spec.kind}"):
            hint = FORMATS.get(spec.kind)
            yield Label(spec.label + (f" ({hint})" if hint and
                                      _hint_fits(spec.label, hint, fields_in_row) else ""))
            if spec.kind == "note":
                yield LanguageFlags(id=f"{self.wid(spec.name)}-flags")
            yield self._widget(spec)
            # The field's error line is mounted under it when it first has one.

    def _widget(self, spec: Field) -> Any:
        wid = self.wid(spec.name)
        if spec.kind == "choice":
            return Select([(label, key) for key, label in spec.options.items()], id=wid,
                          allow_blank=bool(spec.blank), prompt=spec.blank or "Choose…")
        if spec.kind == "keyed":
            return KeyedChoices(dict(spec.options), dict(spec.keys or {}) or None, prefix=wid,
                                id=wid)
        if spec.kind == "note":
            return TextArea(id=wid, soft_wrap=True)
        return Input(id=wid, placeholder=spec.placeholder or FORMATS.get(spec.kind, ""),
                     max_length=spec.max_length,
                     type="integer" if spec.kind == "number" else "text")

    # --- attributes down -------------------------------------------------------------------
    def widget(self, name: str) -> Any:
        return self.query_one(f"#{self.wid(name)}")

    def first(self) -> Any:
        return self.widget(self.field_rows[0][0].name)

    def fill(self, title: str, values: Mapping[str, Any], *, keep_focused: bool = False,
             read_only: bool = False) -> None:
        """Show ``values`` (text for text fields, an option key for choices) quietly.

        ``keep_focused``: leave the field being typed in as it is (a refill after a save
        of the same subject must not move the text under the cursor)."""
        self.set_title(title)
        self.filled = True
        focused = self.screen.focused
        with self.prevent(Input.Changed, TextArea.Changed, Select.Changed, RadioSet.Changed):
            for name, spec in self.fields.items():
                widget = self.widget(name)
                widget.disabled = read_only
                if keep_focused and widget is focused:
                    continue
                value = values.get(name)
                self._shown[name] = value
                self._set(spec, widget, value)
                self.show_error(name, "")

    def set_options(self, name: str, options: list[tuple[str, Any]]) -> None:
        """Options known only at run time (the inspection's premises, for example)."""
        with self.prevent(Select.Changed):
            self.widget(name).set_options(options)

    def set_title(self, title: str) -> None:
        self.query_one(".form-title", Static).update(Text(f"▸ {title}"))

    def _set(self, spec: Field, widget: Any, value: Any) -> None:
        if spec.kind == "choice":
            widget.value = value if value is not None else Select.NULL
        elif spec.kind == "keyed":
            widget.show(value)
        elif spec.kind == "note":
            text = value or ""
            if widget.text != text:
                widget.load_text(text)
            self.query_one(f"#{self.wid(spec.name)}-flags", LanguageFlags).check(text)
        else:
            widget.value = "" if value is None else str(value)

    def show_error(self, name: str, message: str, typing: bool = False) -> None:
        """The domain's message beside the field ("" clears it). ``typing``: a gentle
        note while the value is still being typed, not yet an error."""
        error = self._errors.get(name)
        if error is None:
            if not message:
                self._invalid.discard(name)
                return
            # Most fields never have an error: each line would be one more widget to
            # build with the form. In the DOM (and found by its id) at once.
            error = Static("", id=f"{self.wid(name)}-error", classes="field-error")
            error.display = False
            field_widget = self.widget(name)
            field_widget.parent.mount(error, after=field_widget)
            self._errors[name] = error
        if message:
            self._invalid.add(name)
            text = message if typing else f"✗ {message} — not saved"
            error.update(escape(text))
            error.set_class(typing, "-typing")
        else:
            self._invalid.discard(name)
        if error.display != bool(message):
            error.display = bool(message)

    def invalid(self, name: str) -> bool:
        return name in self._invalid

    def shown(self, name: str) -> Any:
        return self._shown.get(name)

    def on_descendant_focus(self, event: Any) -> None:
        # Tabbing into a note carries on from the end of what is written, not before it.
        area = event.widget
        if isinstance(area, TextArea) and area.cursor_location == (0, 0) and area.text:
            area.move_cursor(area.document.end)

    # --- messages up -----------------------------------------------------------------------
    def _edited(self, name: str, value: Any, typing: bool) -> None:
        if not self.filled:
            return
        self.post_message(self.Edited(self, name, value, typing))

    def _name_of(self, widget_id: str | None) -> str | None:
        name = (widget_id or "").removeprefix(f"{self.prefix}-")
        return name if name in self.fields else None

    def on_input_changed(self, event: Input.Changed) -> None:
        name = self._name_of(event.input.id)
        if name is None or event.value != event.input.value:  # stale: refilled since
            return
        event.stop()
        text = event.value.strip()
        spec = self.fields[name]
        if text and still_typing(spec.kind, text):
            self.show_error(name, f"keep typing: {FORMATS[spec.kind]}", typing=True)
            return
        self._edited(name, text or None, typing=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        name = self._name_of(event.select.id)
        if name is None:
            return
        event.stop()
        # A Select announces its value when it mounts, after the form was filled: an event
        # that no longer matches the widget, or changes nothing, is not an edit.
        if event.value != event.select.value:
            return
        if event.value is Select.NULL and not self.fields[name].blank:
            return
        value = None if event.value is Select.NULL else event.value
        if value == self._shown.get(name):
            return
        self._shown[name] = value
        self._edited(name, value, typing=False)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        name = self._name_of(event.radio_set.id)
        if name is None:
            return
        event.stop()
        value = (event.pressed.id or "").removeprefix(f"{self.wid(name)}-")
        if value == self._shown.get(name):
            return
        self._shown[name] = value
        self._edited(name, value, typing=False)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        name = self._name_of(event.text_area.id)
        if name is None:
            return
        event.stop()
        text = event.text_area.text
        self.query_one(f"#{self.wid(name)}-flags", LanguageFlags).check(text)
        self._edited(name, text, typing=True)


class ListFormPane(Vertical):
    """A list of domain models and a :class:`FieldForm` bound to the highlighted one.

    Enter goes from the list to the form, Escape back (the screen decides); F6 / F5 move
    to the next / previous row keeping the field; Ctrl+N adds a row and Delete removes
    the highlighted one, after a question only a second Delete answers yes.
    """

    NOUN: ClassVar[str] = "row"
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    FIELDS: ClassVar[tuple[tuple[Field, ...], ...]] = ()
    EMPTY: ClassVar[str] = ""
    ADDS: ClassVar[bool] = True  # rows are added and removed here (not a fixed list)
    TABLE_CLASSES: ClassVar[str] = "short-table"
    ADD_FOCUS: ClassVar[str | None] = None  # the field a new row starts in (else the first)

    BINDINGS = [
        add_binding(),
        remove_binding(),
        Binding(NEXT_ROW_KEY, "next_row", "next/prev row", key_display="F6/F5"),
        Binding(PREVIOUS_ROW_KEY, "previous_row", "Previous row", show=False),
        # Before the list's own Enter, so that the focus is in the form before the keys
        # typed straight after Enter arrive.
        Binding("enter", "edit_row", "Edit", show=False, priority=True),
    ]
    DEFAULT_CSS = """
    ListFormPane { height: 1fr; }
    ListFormPane > DataTable { height: 1fr; min-height: 4; }
    ListFormPane > DataTable.short-table { height: auto; max-height: 8; }
    ListFormPane > VerticalScroll { height: auto; max-height: 70%; }
    ListFormPane > .list-empty { padding: 0 1; color: $text-muted; }
    """

    def __init__(self, prefix: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.prefix = prefix
        self.current: str | None = None
        self._read_only = ""

    @property
    def read_only(self) -> str:
        """Why the rows cannot be changed now (submitted, approved), or ""."""
        return self._read_only

    @read_only.setter
    def read_only(self, why: str) -> None:
        if why != self._read_only:
            self._read_only = why
            if self.is_mounted:
                self.refresh_bindings()  # Add and Remove dim, or come back

    def compose(self) -> ComposeResult:
        yield RowTable(id=f"{self.prefix}-table", cursor_type="row",
                        classes=self.TABLE_CLASSES, zebra_stripes=True)
        with FieldsBox(id=f"{self.prefix}-form-box"):
            yield FieldForm(self.FIELDS, self.prefix, id=f"{self.prefix}-form")
        yield Static(self.EMPTY, classes="list-empty")

    def on_mount(self) -> None:
        self.table.add_columns(*self.COLUMNS)

    @property
    def table(self) -> DataTable:
        return self.query_one(f"#{self.prefix}-table", DataTable)

    @property
    def form(self) -> FieldForm:
        return self.query_one(f"#{self.prefix}-form", FieldForm)

    # --- what a subclass says --------------------------------------------------------------
    def rows(self) -> list[Any]:
        raise NotImplementedError

    def row_id(self, row: Any) -> str:
        return row.id

    def cells(self, row: Any) -> tuple[Any, ...]:
        raise NotImplementedError

    def title(self, row: Any) -> str:
        raise NotImplementedError

    def values(self, row: Any) -> dict[str, Any]:
        raise NotImplementedError

    def propose(self, row: Any, name: str, value: Any) -> tuple[Any, str]:
        """The row with ``name`` set to ``value`` as the domain takes it, or its message."""
        raise NotImplementedError

    def save(self, row: Any, name: str, value: Any, typing: bool) -> None:
        """Save the change (through the backend) and keep the new row."""
        raise NotImplementedError

    async def add(self) -> str | None:
        raise NotImplementedError

    async def remove(self, row: Any) -> None:
        raise NotImplementedError

    # --- showing ---------------------------------------------------------------------------
    def row(self, row_id: str | None) -> Any:
        return next((r for r in self.rows() if self.row_id(r) == row_id), None)

    def show(self, select: str | None = None, keep_focused: bool = False) -> None:
        """Show the rows again, the highlighted one (or ``select``) in the form."""
        table = self.table
        rows = self.rows()
        target = select or self.current
        table.clear()
        for row in rows:
            table.add_row(*self.cells(row), key=self.row_id(row))
        ids = [self.row_id(r) for r in rows]
        table.display = bool(rows)
        self.query_one(f"#{self.prefix}-form-box").display = bool(rows)
        self.query_one(".list-empty").display = not rows
        if not rows:
            self.current = None
            return
        index = ids.index(target) if target in ids else 0
        table.move_cursor(row=index)
        self.fill(ids[index], keep_focused=keep_focused and ids[index] == self.current)

    def fill(self, row_id: str, keep_focused: bool = False) -> None:
        row = self.row(row_id)
        if row is None:
            return
        self.current = row_id
        self.form.fill(self.title(row), self.values(row), keep_focused=keep_focused,
                       read_only=bool(self.read_only))

    def refresh_row(self, row: Any) -> None:
        """Redraw one row's cells after a change (no layout pass for the rest)."""
        table = self.table
        row_id = self.row_id(row)
        for column, cell in zip(table.ordered_columns, self.cells(row), strict=False):
            table.update_cell(row_id, column.key, cell, update_width=True)

    def subject_title(self) -> str:
        row = self.row(self.current)
        return f"· {self.title(row)}" if row is not None else ""

    # --- messages --------------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is not self.table or event.row_key is None:
            return
        key = event.row_key.value
        if key is not None and key != self.current:
            self.fill(key)

    def action_edit_row(self) -> None:
        self.screen.set_focus(self.form.first())

    def on_field_form_edited(self, event: FieldForm.Edited) -> None:
        if event.form is not self.form:
            return
        event.stop()
        row = self.row(self.current)
        if row is None or self.read_only:
            return
        _proposed, problem = self.propose(row, event.name, event.value)
        if problem:
            spec = self.form.fields[event.name]
            # A number shorter than its field may still become valid ("1" on the way to 17).
            typing = (spec.kind == "number" and event.value is not None
                      and len(str(event.value)) < spec.max_length)
            self.form.show_error(event.name, problem, typing=typing)
            return
        self.form.show_error(event.name, "")
        self.save(row, event.name, event.value, event.typing)
        row = self.row(self.current)  # as saved
        if row is not None:
            self.refresh_row(row)
            self.form.set_title(self.title(row))

    # --- actions ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "remove") and not self.ADDS:
            return False
        if action in ("add", "remove") and self.read_only:
            return None  # shown dimmed: nothing here can change until it is reopened
        if action == "edit_row":
            return self.screen.focused is self.table and self.current is not None
        return True

    def _move(self, step: int) -> None:
        ids = [self.row_id(r) for r in self.rows()]
        if not ids:
            return
        index = ids.index(self.current) if self.current in ids else 0
        index = max(0, min(len(ids) - 1, index + step))
        self.table.move_cursor(row=index)
        self.fill(ids[index])

    def action_next_row(self) -> None:
        self._move(1)

    def action_previous_row(self) -> None:
        self._move(-1)

    async def action_add(self) -> None:
        if self.read_only:
            self.notify(self.read_only, severity="warning", timeout=5)
            return
        new = await self.add()
        if new is not None:
            self.show(new)
            start = self.form.widget(self.ADD_FOCUS) if self.ADD_FOCUS else self.form.first()
            self.screen.set_focus(start)

    def action_remove(self) -> None:
        row = self.row(self.current)
        if row is None:
            return
        if self.read_only:
            self.notify(self.read_only, severity="warning", timeout=5)
            return
        from ..dialogs.prompts import ConfirmScreen
        from ..keys import REMOVE_KEYS

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self.remove(row)
                self.show()
                if self.table.display:
                    self.screen.set_focus(self.table)
                self.notify(f"Removed the {self.NOUN} (kept in the history)", timeout=3)

        question = f"Remove this {self.NOUN}: {self.title(row)}?"
        self.app.push_screen(ConfirmScreen(question, confirm="Remove", keys=REMOVE_KEYS,
                                           keep="Keep it"), confirmed)



def domain_message(exc: Any, name: str = "") -> str:
    """A pydantic error as the domain words it, without the field name in front (the
    message stands beside the field it is about)."""
    from ...errors import describe_validation

    text = describe_validation(exc)
    return re.sub(r"^[a-z_][a-z0-9_.]*: ", "", text)
