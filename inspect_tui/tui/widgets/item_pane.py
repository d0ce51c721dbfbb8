"""The right-hand pane of the workspace: one standards item and its finding, or one
checklist item and its answer. Widgets are built once and refilled per item, so moving
through the tree never rebuilds the pane.

Attributes down, messages up: the workspace sets the item; the pane posts ``Edited`` for
every change the inspector makes, and the workspace saves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import (
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from ...domain.vocab import CHECK_ANSWERS, FINDING_STATUSES
from .boxes import ReadingPane
from .choices import KeyedChoices, Ticks
from .language_flags import LanguageFlags
from .note_area import NoteArea


def prompts_text(prompts: Any) -> str:
    parts = []
    for title, lines in (("Look for", prompts.look_for), ("Good looks like",
                                                          prompts.good_looks_like),
                         ("Worries", prompts.worries)):
        if lines:
            parts.append(f"[b]{title}[/b]\n" + "\n".join(f"  • {escape(x)}" for x in lines))
    return "\n".join(parts) if parts else "[dim]No prompts for this item.[/dim]"


def timescales_text(timescales: Any) -> str:
    """"without delay (regulation); where possible within 24 hours (guidance)": what sets
    each limit, so guidance never reads as the law."""
    return "; ".join(f"{escape(t.says)} ({t.basis})" for t in timescales)


class ItemPane(ReadingPane):  # focused to scroll to its prompts
    """Shows one item; posts :class:`ItemPane.Edited` when the inspector changes something."""

    @dataclass
    class Edited(Message):
        kind: str  # "finding" or "check"
        item_id: str
        field: str
        value: Any
        subject: str = ""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kind = ""
        self.item_id = ""
        self.subject = ""
        self.read_only = False

    def compose(self) -> ComposeResult:
        yield Static("", id="item-title", classes="item-title")
        yield Static("", id="item-meta", classes="hint")
        with Vertical(id="finding-fields"):
            yield Label("Finding (Enter from the tree, then 0-3)")
            yield KeyedChoices(FINDING_STATUSES, prefix="status", id="status")
            yield Label("Evidence note (saved as you type)")
            yield LanguageFlags(id="note-flags")
            yield NoteArea(id="note", soft_wrap=True, show_line_numbers=False)
            yield Label("Evidence sources (Space ticks)")
            yield Ticks(id="sources")
            yield Label("Premises this finding is about")
            yield Ticks(id="premises")
            yield Label("Young people this finding is about (case codes)")
            yield Ticks(id="young-people")
        yield Static("", id="item-prompts", classes="prompts")

    @staticmethod
    def _check_fields() -> Vertical:
        """Built the first time a checklist item is shown: most opening of an inspection
        goes to a standards item, and fewer widgets make the workspace open faster."""
        return Vertical(
            Label("", id="subject-label"),
            Select[str]([], id="subject", allow_blank=True, prompt="Choose…"),
            Input(id="subject-text", placeholder="e.g. staff file S1"),
            Label("Answer"),
            KeyedChoices(CHECK_ANSWERS, prefix="answer", id="answer"),
            Label("Note (saved as you type)"),
            LanguageFlags(id="check-note-flags"),
            NoteArea(id="check-note", soft_wrap=True, show_line_numbers=False),
            id="check-fields")

    def on_mount(self) -> None:
        self.query_one("#finding-fields").display = False
        self._check_state = "absent"  # then "mounting", then "ready"
        self._pending_check: tuple | None = None

    def set_read_only(self, read_only: bool) -> None:
        """A submitted or approved inspection: the note can be read and scrolled, no field
        takes a change (so the pane never shows a value the record does not hold)."""
        self.read_only = read_only
        for widget in self.query("KeyedChoices, Ticks, Select, Input"):
            widget.disabled = read_only
        for area in self.query(TextArea):
            area.read_only = read_only

    def _hide_check_fields(self) -> None:
        if self._check_state == "ready":
            self.query_one("#check-fields").display = False

    # --- filling -------------------------------------------------------------------------
    def show_nothing(self, text: str) -> None:
        self.kind = ""
        self.item_id = ""
        self.query_one("#item-title", Static).update(text)
        self.query_one("#item-meta", Static).update("")
        self.query_one("#item-prompts", Static).update("")
        self.query_one("#finding-fields").display = False
        self._hide_check_fields()

    def show_finding(self, item: Any, regulation: Any, finding: dict[str, Any],
                     sources: list[tuple[str, str, bool]], premises: list[tuple[str, str]],
                     people: list[tuple[str, str]]) -> None:
        # Showing the item already shown (the tree catching up with the cursor) must not
        # reload the note: the editor holds keystrokes the workspace has not yet seen.
        same = self.kind == "finding" and self.item_id == item.id
        self.kind, self.item_id, self.subject = "finding", item.id, ""
        flags = []
        if item.cse_relevant:
            flags.append("CSE-relevant")
        if item.timescales:
            flags.append(timescales_text(item.timescales))
        if not item.provenance.verified:
            flags.append("[reverse] unverified content [/reverse]")
        self.query_one("#item-title", Static).update(
            f"[b]Reg {escape(item.regulation)}[/b]  {escape(item.title)}")
        self.query_one("#item-meta", Static).update(
            f"{escape(regulation.title)} · {item.id}" + (" · " + " · ".join(flags)
                                                          if flags else ""))
        self.query_one("#item-prompts", Static).update(prompts_text(item.prompts))
        self._hide_check_fields()
        self.query_one("#finding-fields").display = True
        with self.prevent(RadioSet.Changed, TextArea.Changed,
                          SelectionList.SelectedChanged):
            self.query_one(f"#status-{finding.get('status', 'not_assessed')}",
                           RadioButton).value = True
            note = self.query_one("#note", TextArea)
            if not same and note.text != finding.get("note", ""):
                note.load_text(finding.get("note", ""))
            self.query_one("#note-flags", LanguageFlags).check(finding.get("note", ""))
            self._fill(self.query_one("#sources", SelectionList),
                       [(label + ("  (suggested)" if suggested else ""), sid)
                        for sid, label, suggested in sources], finding.get("sources", []))
            self._fill(self.query_one("#premises", SelectionList), premises,
                       finding.get("premises", []))
            self._fill(self.query_one("#young-people", SelectionList), people,
                       finding.get("young_people", []))
        self.scroll_home(animate=False)

    def show_check(self, checklist: Any, item: Any, subjects: list[tuple[str, str]] | None,
                   subject: str, result: dict[str, Any]) -> None:
        """``subjects`` None: the checklist is about the inspection as a whole."""
        same = (self.kind, self.item_id, self.subject) == ("check", item.id, subject)
        self.kind, self.item_id, self.subject = "check", item.id, subject
        if self._check_state != "ready":
            self._pending_check = (checklist, item, subjects, subject, result)
            if self._check_state == "absent":
                self._check_state = "mounting"
                self.run_worker(self._mount_check_fields(), group="check-fields")
            return
        self.query_one("#item-title", Static).update(f"[b]{escape(item.title)}[/b]")
        meta = [escape(checklist.title)]
        if item.indicator_type:
            meta.append(item.indicator_type.replace("_", " "))
        if item.timescales:
            meta.append(timescales_text(item.timescales))
        if item.regulations:
            meta.append("evidences " + ", ".join(item.regulations))
        if not item.provenance.verified:
            meta.append("[reverse] unverified content [/reverse]")
        self.query_one("#item-meta", Static).update(" · ".join(meta))
        self.query_one("#item-prompts", Static).update(prompts_text(item.prompts))
        self.query_one("#finding-fields").display = False
        self.query_one("#check-fields").display = True
        select = self.query_one("#subject", Select)
        text = self.query_one("#subject-text", Input)
        label = self.query_one("#subject-label", Label)
        with self.prevent(RadioSet.Changed, TextArea.Changed, Select.Changed, Input.Changed):
            if checklist.applies_to in ("premises", "young_person"):
                label.update("Premises" if checklist.applies_to == "premises"
                             else "Young person (case code)")
                select.set_options(subjects or [])
                select.value = subject if subject else Select.NULL
                label.display = select.display = True
                text.display = False
            elif checklist.applies_to == "staff":
                label.update("Staff file (a code, not a name)")
                text.value = subject
                label.display = text.display = True
                select.display = False
            else:
                label.display = select.display = text.display = False
            self.query_one(f"#answer-{result.get('answer', 'not_checked')}",
                           RadioButton).value = True
            note = self.query_one("#check-note", TextArea)
            if not same and note.text != result.get("note", ""):
                note.load_text(result.get("note", ""))
            self.query_one("#check-note-flags", LanguageFlags).check(result.get("note", ""))
        self.scroll_home(animate=False)

    async def _mount_check_fields(self) -> None:
        await self.mount(self._check_fields(), before=self.query_one("#item-prompts"))
        self._check_state = "ready"
        self.set_read_only(self.read_only)
        pending, self._pending_check = self._pending_check, None
        if pending is not None and self.kind == "check" and self.item_id == pending[1].id:
            self.show_check(*pending)
        else:
            self._hide_check_fields()

    @staticmethod
    def _fill(widget: SelectionList, options: list[tuple[str, str]], selected: list[str]
              ) -> None:
        widget.clear_options()
        widget.add_options([(escape(label), value, value in selected)
                            for label, value in options])
        widget.display = bool(options)
        if options:
            widget.highlighted = 0  # so that Space ticks at once, without an arrow first

    def on_descendant_focus(self, event) -> None:
        # Tabbing into a note carries on from the end of what is written, not before it.
        area = event.widget
        if isinstance(area, TextArea) and area.cursor_location == (0, 0) and area.text:
            area.move_cursor(area.document.end)

    # --- messages up ---------------------------------------------------------------------
    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        key = (event.pressed.id or "").split("-", 1)[1]
        if event.radio_set.id == "status":
            self.post_message(self.Edited("finding", self.item_id, "status", key))
        elif event.radio_set.id == "answer":
            self.post_message(self.Edited("check", self.item_id, "answer", key, self.subject))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.id == "note" and self.kind == "finding":
            self.query_one("#note-flags", LanguageFlags).check(event.text_area.text)
            self.post_message(self.Edited("finding", self.item_id, "note",
                                          event.text_area.text))
        elif event.text_area.id == "check-note" and self.kind == "check":
            self.query_one("#check-note-flags", LanguageFlags).check(event.text_area.text)
            self.post_message(self.Edited("check", self.item_id, "note", event.text_area.text,
                                          self.subject))

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        # Every keystroke moves the cursor: nothing above the pane uses it, so it stops
        # here rather than climbing to the app.
        event.stop()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        field = {"sources": "sources", "premises": "premises",
                 "young-people": "young_people"}.get(event.selection_list.id or "")
        if field and self.kind == "finding":
            self.post_message(self.Edited("finding", self.item_id, field,
                                          list(event.selection_list.selected)))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id == "subject" and self.kind == "check":
            self.subject = "" if event.value is Select.NULL else str(event.value)
            self.post_message(self.Edited("check", self.item_id, "subject", self.subject,
                                          self.subject))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "subject-text" and self.kind == "check":
            event.stop()
            self.subject = event.value.strip()
            self.post_message(self.Edited("check", self.item_id, "subject", self.subject,
                                          self.subject))
