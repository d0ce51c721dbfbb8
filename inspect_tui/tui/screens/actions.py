"""Areas for improvement: requirements (regulation, what must be done, due date) and
recommendations (regulation, what should improve, DfE Guide reference)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TextArea

from ...domain.review import edit_refusal
from ..keys import REMOVE_KEYS, remove_binding
from ..widgets.boxes import FieldsBox
from ..widgets.language_flags import LanguageFlags
from ..widgets.save_indicator import SaveIndicator
from ..widgets.table import RowTable
from .base import BaseModal, BaseScreen


def regulation_options(catalogue: Any) -> list[tuple[str, str]]:
    """Every regulation and item, as 'Reg 5(2)(f)(ii) title' -> id, in catalogue order."""
    options = []
    for reg in catalogue.regulations:
        options.append((f"Reg {reg.regulation} {reg.title} (whole regulation)", reg.id))
        for item in reg.items:
            options.append((f"  {item.regulation} {item.title}", item.id))
    return options


class ActionForm(BaseModal[bool]):
    """Add or edit one requirement or recommendation; dismisses True when saved."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True),
                Binding("escape", "cancel", "Cancel")]

    def __init__(self, iid: str, kind: str, action: Any = None, regulation: str = "") -> None:
        super().__init__()
        self.iid, self.kind, self.action = iid, kind, action
        self.regulation = action.regulation if action else regulation

    def compose(self) -> ComposeResult:
        catalogue = self.inspect_app.catalogue
        verb = "Edit" if self.action else "Add"
        options = regulation_options(catalogue)
        known = {v for _, v in options}
        with FieldsBox(classes="dialog", id="action-form"):
            yield Static(f"{verb} a {self.kind}", classes="dialog-title")
            yield Label("Regulation (type to search the list)")
            yield Select(options, id="action-regulation", prompt="Choose the regulation…",
                         value=self.regulation if self.regulation in known else Select.NULL,
                         type_to_search=True)
            yield Label("What must be done" if self.kind == "requirement"
                        else "What should improve")
            yield LanguageFlags(id="action-flags")
            yield TextArea(self.action.text if self.action else "", id="action-text",
                           soft_wrap=True)
            if self.kind == "requirement":
                yield Label("Due date (YYYY-MM-DD, not in the past)")
                due = self.action.due_date.isoformat() if self.action and \
                    self.action.due_date else ""
                yield Input(due, id="action-due", placeholder="YYYY-MM-DD")
            else:
                yield Label("DfE Guide reference (optional)")
                yield Input(self.action.guide_ref if self.action else "", id="action-guide")
            yield Static("", id="action-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#action-flags", LanguageFlags).check(
            self.query_one("#action-text", TextArea).text)
        if self.regulation:
            self.query_one("#action-text", TextArea).focus()
        else:
            self.query_one("#action-regulation", Select).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "action-text":
            self.query_one("#action-flags", LanguageFlags).check(event.text_area.text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def error(self, message: str) -> None:
        self.query_one("#action-error", Static).update(message)

    def action_save(self) -> None:
        """Hand the form to the service, which applies the rules of every door
        (:mod:`inspect_tui.domain.actions`), and show its message if it refuses."""
        regulation = self.query_one("#action-regulation", Select).value
        regulation = "" if regulation is Select.NULL else regulation
        text = self.query_one("#action-text", TextArea).text.strip()
        iid, today = self.iid, self.inspect_app.today
        if self.kind == "requirement":
            due = self.query_one("#action-due", Input).value.strip()
            if self.action is None:
                call = lambda s: s.add_requirement(iid, regulation, text, due, today=today)  # noqa: E731
            else:
                aid = self.action.id
                call = lambda s: s.update(iid, "action", aid, regulation=regulation,  # noqa: E731
                                          text=text, due_date=due, today=today)
        else:
            guide = self.query_one("#action-guide", Input).value.strip()
            if self.action is None:
                call = lambda s: s.add_recommendation(iid, regulation, text, guide)  # noqa: E731
            else:
                aid = self.action.id
                call = lambda s: s.update(iid, "action", aid, regulation=regulation,  # noqa: E731
                                          text=text, guide_ref=guide)
        ok, result = self.try_call(call)
        if not ok:
            self.error(result)
            return
        self.dismiss(True)


class ActionsScreen(BaseScreen):
    HELP = """\
Areas for improvement: requirements and recommendations.
  r          add a requirement (regulation, what must be done, due date)
  m          add a recommendation
  Enter      edit the highlighted one        Delete  remove it (asks first)
  Escape     back to the workspace
"""
    BINDINGS = [
        Binding("r", "add('requirement')", "Requirement"),
        Binding("m", "add('recommendation')", "Recommendation"),
        Binding("enter", "edit", "Edit", show=False),
        remove_binding(),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, iid: str, select: str | None = None, regulation: str = "") -> None:
        """``regulation``: the item the inspector came from, offered first in a new one."""
        super().__init__()
        self.iid, self.select, self.regulation = iid, select, regulation
        self.actions: list[Any] = []
        self.read_only = ""  # why nothing here can be changed now (submitted, approved)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="bar"):
            yield Static("Areas for improvement", id="actions-title")
            yield SaveIndicator(self.backend)
        yield RowTable(id="actions-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="actions-detail", classes="detail")
        yield self.key_footer()

    def on_mount(self) -> None:
        table = self.query_one("#actions-table", DataTable)
        table.add_columns("Kind", "Regulation", "Due", "What")
        self.load(self.select)
        table.focus()

    def load(self, select: str | None = None) -> None:
        catalogue = self.inspect_app.catalogue
        doc = self.call(lambda s: s.load(self.iid))
        self.actions = doc.actions
        read_only = edit_refusal(doc.status) or ""
        if read_only != self.read_only:
            self.read_only = read_only
            self.refresh_bindings()
        table = self.query_one("#actions-table", DataTable)
        table.clear()
        for action in self.actions:
            table.add_row("Requirement" if action.kind == "requirement" else "Recommendation",
                          self.reg_ref(catalogue, action.regulation),
                          action.due_date.isoformat() if action.due_date else "—",
                          action.text.splitlines()[0][:60] if action.text else "",
                          key=action.id)
        requirements = sum(1 for a in self.actions if a.kind == "requirement")
        self.query_one("#actions-title", Static).update(
            f"Areas for improvement · {requirements} requirements · "
            f"{len(self.actions) - requirements} recommendations"
            + (" · [reverse]read-only[/reverse]" if self.read_only else ""))
        for index, action in enumerate(self.actions):
            if action.id == select:
                table.move_cursor(row=index)
        self.show_detail()

    @staticmethod
    def reg_ref(catalogue: Any, ref: str) -> str:
        if catalogue.has_item(ref):
            return catalogue.item(ref).regulation
        try:
            return "Reg " + catalogue.regulation(ref).regulation
        except KeyError:
            return ref

    def current(self) -> Any:
        table = self.query_one("#actions-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((a for a in self.actions if a.id == key), None)

    def show_detail(self) -> None:
        detail = self.query_one("#actions-detail", Static)
        action = self.current()
        if action is None:
            detail.update("No requirements or recommendations yet. r adds a requirement, "
                          "m a recommendation.")
            return
        catalogue = self.inspect_app.catalogue
        title = ""
        if catalogue.has_item(action.regulation):
            title = catalogue.item(action.regulation).title
        extra = (f"Due {action.due_date.isoformat()}" if action.kind == "requirement"
                 else escape(action.guide_ref))
        detail.update(f"[b]{self.reg_ref(catalogue, action.regulation)}[/b] {escape(title)}\n"
                      f"{escape(action.text)}\n{extra}")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Submitted or approved: the keys that change the list are shown dimmed and do
        # nothing; the detail below the list still shows the highlighted one whole.
        if action in ("add", "edit", "remove") and self.read_only:
            return None
        return True

    def refused(self) -> bool:
        """Whether the inspection is read-only now (said, for a palette command)."""
        if self.read_only:
            self.notify(self.read_only, severity="warning", timeout=5)
        return bool(self.read_only)

    def action_add(self, kind: str, regulation: str = "") -> None:
        if self.refused():
            return
        def done(saved: bool | None) -> None:
            if saved:
                self.load()
                self.notify(f"{kind.capitalize()} saved", timeout=2)

        self.app.push_screen(ActionForm(self.iid, kind, regulation=regulation or
                                        self.regulation), done)

    def action_edit(self) -> None:
        action = self.current()
        if action is None or self.refused():
            return

        def done(saved: bool | None) -> None:
            if saved:
                self.load(action.id)
                self.notify("Saved", timeout=2)

        self.app.push_screen(ActionForm(self.iid, action.kind, action=action), done)

    def action_remove(self) -> None:
        action = self.current()
        if action is None or self.refused():
            return
        from ..dialogs.prompts import ConfirmScreen

        def remove(yes: bool | None) -> None:
            if yes:
                self.call(lambda s: s.remove(self.iid, "action", action.id))
                self.load()
                self.notify(f"{action.kind.capitalize()} removed", timeout=2)

        self.app.push_screen(ConfirmScreen(f"Remove this {action.kind}?", confirm="Remove",
                                           keys=REMOVE_KEYS, keep="Keep it"), remove)

    def palette_commands(self):
        return [("Add a requirement", "Regulation, what must be done, due date (r)",
                 lambda: self.action_add("requirement")),
                ("Add a recommendation", "Regulation and what should improve (m)",
                 lambda: self.action_add("recommendation")),
                ("Edit", "Edit the highlighted one (Enter)", self.action_edit),
                ("Remove", "Remove the highlighted one (Delete)", self.action_remove)]
