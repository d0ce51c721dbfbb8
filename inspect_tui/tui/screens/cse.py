"""CSE & safeguarding for one young person: indicators, missing episodes, notifications,
classification (with the IICSA prompt) and the core data set. Keyboard-first; every change
is saved as it is made, through the app's backend.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    DataTable,
    Footer,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
    TextArea,
)

from ...domain.cse.models import (
    AGE_BANDS,
    CLASSIFICATION_RANK,
    CLASSIFICATIONS,
    INDICATOR_ANSWERS,
    NOTIFICATION_KINDS,
    PERPETRATOR_SEXES,
    YES_NO,
    CseRecord,
    IndicatorRecord,
    _parse_date,
    _parse_datetime,
)
from ...domain.cse.rules import classification_rule, with_checklist_answers
from ...domain.vocab import DISABILITY, ETHNICITIES, SEXES
from ...service.cse import INDICATOR_CHECKLIST, CsePart, checklist_answers
from ..widgets.choices import Choice
from ..widgets.language_flags import LanguageFlags
from ..widgets.save_indicator import SaveIndicator
from .base import BaseModal, BaseScreen

TYPE_SHORT = {"vulnerability": "vuln", "warning_sign": "sign", "evidence_of_harm": "HARM"}
EPISODE_TIMES = {"ep-went_missing_at": "went_missing_at", "ep-returned_at": "returned_at",
                 "ep-rhi_offered_at": "rhi_offered_at", "ep-rhi_held_at": "rhi_held_at"}
EPISODE_CHOICES = {"ep-with_adults": "with_adults", "ep-collected_by_adults":
                   "collected_by_adults", "ep-police_informed": "police_informed"}
NOTE_TIMES = {"nt-event_at": "event_at", "nt-made_at": "made_at"}
PERP_CHOICES = {"pp-sex": "sex", "pp-age_band": "age_band", "pp-ethnicity": "ethnicity"}
TABS = ("tab-ind", "tab-missing", "tab-notes", "tab-class", "tab-core")
# The tab where each review-list problem is fixed (the rest open on the indicators).
PROBLEM_TABS = {
    "cse_rhi_late": "tab-missing", "cse_missing_incomplete": "tab-missing",
    "cse_no_notification": "tab-notes", "cse_no_referral": "tab-notes",
    "cse_late_notification": "tab-notes",
    "cse_harm_not_recognised": "tab-class", "cse_classification_reason": "tab-class",
    "cse_no_classification": "tab-class", "cse_no_risk_plan": "tab-class",
    "language": "tab-class", "language_ask": "tab-class",
}


def tab_for_problem(kind: str) -> str:
    return PROBLEM_TABS.get(kind, TABS[0])


def _dt(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _typing(value: str, full: int) -> str:
    """A gentle note while a date is still being typed, instead of an error."""
    if len(value) < full and re.fullmatch(r"[0-9: -]*", value):
        return "(keep typing: YYYY-MM-DD" + (" HH:MM)" if full > 10 else ")")
    return ""


def _yes(value: bool | None, yes: str = "yes", no: str = "NO") -> str:
    return "" if value is None else (yes if value else no)


class ReasonScreen(BaseModal[str | None]):
    """The IICSA prompt: say why the classification is below what the indicators suggest."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "ok", "Record reason", priority=True)]
    DEFAULT_CSS = """
    ReasonScreen { align: center middle; }
    ReasonScreen TextArea { height: 5; }
    """

    def __init__(self, title: str, explanation: str, reason: str = "") -> None:
        super().__init__()
        self.title_text, self.explanation, self.reason = title, explanation, reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.explanation, id="reason-explanation")
            yield Label("Reason (Ctrl+S to record it, Escape to keep the classification)",
                        classes="hint")
            yield TextArea(self.reason, id="reason-text", soft_wrap=True)
            yield LanguageFlags(id="reason-flags")
            yield Static("", id="reason-error", classes="error")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TextArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.query_one("#reason-flags", LanguageFlags).check(event.text_area.text)

    def action_ok(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            self.query_one("#reason-error", Static).update("Give a reason, or press Escape")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CseScreen(BaseScreen):
    HELP = """\
CSE & safeguarding for one young person (case code only).
  1-5        Indicators · Missing · Notifications · Classification · Core data
  Indicators: ↑ ↓ choose; p present, n not present, k not known; Enter edits the
             date noted and the source
  Missing, Notifications, Core data: a add, d remove, Enter edits the highlighted row
  Dates and times: YYYY-MM-DD HH:MM (indicators: YYYY-MM-DD)
  Classification: choose with ↑ ↓ and Space. Below what the indicators suggest
             (above all "heightened risk" where evidence of harm is recorded) asks for
             a recorded reason: IICSA found harm hidden as "at risk".
  Escape     back (from a form: back to its list)
Everything is saved as you type. Language flags appear under the text you write; put
provider wording in "quotation marks" to show it is a quotation.
"""
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("1", "tab(0)", "Indicators", show=False),
        Binding("2", "tab(1)", "Missing", show=False),
        Binding("3", "tab(2)", "Notifications", show=False),
        Binding("4", "tab(3)", "Classification", show=False),
        Binding("5", "tab(4)", "Core data", show=False),
        Binding("p", "answer('present')", "Present"),
        Binding("n", "answer('not_present')", "Not present"),
        Binding("k", "answer('not_known')", "Not known"),
        Binding("a", "add", "Add"),
        Binding("d", "remove", "Remove"),
    ]
    DEFAULT_CSS = """
    CseScreen #cse-tabs { height: 1fr; }
    CseScreen TabPane { padding: 0; }
    CseScreen DataTable { height: 1fr; min-height: 4; }
    CseScreen .short-table { height: auto; max-height: 8; }
    CseScreen .form { height: auto; padding: 0 1; }
    CseScreen .form Horizontal { height: auto; }
    CseScreen .field { width: 1fr; height: auto; margin-right: 1; }
    CseScreen .field Label { color: $text-muted; }
    CseScreen #class-body { padding: 0 1; }
    CseScreen #class-body Label { margin-top: 1; color: $text-muted; }
    CseScreen #cl-choice { width: 100%; border: none; }
    CseScreen #cl-reason { height: 3; }
    CseScreen #cl-note { height: 5; }
    CseScreen #cl-advice { height: auto; }
    CseScreen #cl-advice.-warn { color: $warning; }
    CseScreen #cse-title { width: 1fr; }
    CseScreen .form-error { color: $error; height: auto; }
    """

    def __init__(self, service: Any = None, iid: str = "", yp_id: str = "",
                 tab: str = "") -> None:
        super().__init__()
        self.start_tab = tab if tab in TABS else TABS[0]
        self._service_arg = service
        self.iid = iid
        self.yp_id = yp_id
        self.record = CseRecord(young_person_id=yp_id)
        self.case_code = ""
        self.types: dict[str, str] = {}
        self.indicators: list[Any] = []
        self.current_indicator: str | None = None
        self.current_episode: str | None = None
        self.current_note: str | None = None
        self.current_perp: str | None = None
        self.checklist: list[Any] = []

    # --- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(classes="bar"):
            yield Static("CSE & safeguarding", id="cse-title")
            yield SaveIndicator(self.backend)
        with TabbedContent(id="cse-tabs"):
            with TabPane("1 Indicators", id="tab-ind"):
                yield DataTable(id="ind-table", cursor_type="row", zebra_stripes=True)
                with Horizontal(classes="form"):
                    with Vertical(classes="field"):
                        yield Label("Noted on (YYYY-MM-DD)")
                        yield Input(id="ind-noted_on", placeholder="YYYY-MM-DD")
                    with Vertical(classes="field"):
                        yield Label("Source (e.g. case-records)")
                        yield Input(id="ind-source", max_length=200)
                yield Static("", id="ind-error", classes="form-error")
            with TabPane("2 Missing", id="tab-missing"):
                yield DataTable(id="ep-table", cursor_type="row", classes="short-table")
                with VerticalScroll(classes="form", id="ep-form"):
                    with Horizontal():
                        for wid, label in (("ep-went_missing_at", "Went missing"),
                                           ("ep-returned_at", "Returned")):
                            with Vertical(classes="field"):
                                yield Label(label)
                                yield Input(id=wid, placeholder="YYYY-MM-DD HH:MM")
                    with Horizontal():
                        for wid, label in (("ep-with_adults", "With adults"),
                                           ("ep-collected_by_adults", "Collected by adults"),
                                           ("ep-police_informed", "Police told")):
                            with Vertical(classes="field"):
                                yield Label(label)
                                yield Select([(v, k) for k, v in YES_NO.items()], id=wid,
                                             allow_blank=False)
                    with Horizontal():
                        for wid, label in (("ep-rhi_offered_at", "Interview offered"),
                                           ("ep-rhi_held_at", "Interview held")):
                            with Vertical(classes="field"):
                                yield Label(label)
                                yield Input(id=wid, placeholder="YYYY-MM-DD HH:MM")
                    yield Static("", id="ep-error", classes="form-error")
                yield Static("No missing episodes recorded. Press a to add one.",
                             id="ep-empty", classes="hint")
            with TabPane("3 Notifications", id="tab-notes"):
                yield DataTable(id="nt-table", cursor_type="row", classes="short-table")
                with VerticalScroll(classes="form", id="nt-form"):
                    with Vertical(classes="field"):
                        yield Label("Notification or referral")
                        yield Select([(v, k) for k, v in NOTIFICATION_KINDS.items()],
                                     id="nt-kind", allow_blank=False)
                    with Horizontal():
                        for wid, label in (("nt-event_at", "Event (or first known)"),
                                           ("nt-made_at", "Made")):
                            with Vertical(classes="field"):
                                yield Label(label)
                                yield Input(id=wid, placeholder="YYYY-MM-DD HH:MM")
                    yield Static("", id="nt-error", classes="form-error")
                yield Static("No notifications or referrals recorded. Press a to add one.",
                             id="nt-empty", classes="hint")
            with TabPane("4 Classification", id="tab-class"):
                with VerticalScroll(id="class-body"):
                    yield Static("", id="cl-advice")
                    with RadioSet(id="cl-choice"):
                        for key, label in CLASSIFICATIONS.items():
                            yield Choice(label, id=f"cl-{key}")
                    # Flags sit above each editor so they stay in view while typing.
                    yield Label("Reason, where the classification is below the suggestion")
                    yield LanguageFlags(id="cl-reason-flags")
                    yield TextArea(id="cl-reason", soft_wrap=True)
                    yield Label("How the placement manages the risk (IICSA: placement)")
                    yield LanguageFlags(id="cl-note-flags")
                    yield TextArea(id="cl-note", soft_wrap=True)
            with TabPane("5 Core data", id="tab-core"):
                with VerticalScroll(classes="form"):
                    yield Static("", id="core-victim")
                    with Horizontal():
                        with Vertical(classes="field"):
                            yield Label("Suspected perpetrators (number)")
                            yield Input(id="core-number", type="integer", max_length=3,
                                        placeholder="not known")
                        with Vertical(classes="field"):
                            yield Label("Acting with others")
                            yield Select([(v, k) for k, v in YES_NO.items()],
                                         id="core-acting_with_others", allow_blank=False)
                    yield Static("", id="core-error", classes="form-error")
                    yield DataTable(id="pp-table", cursor_type="row", classes="short-table")
                    with Horizontal(id="pp-form"):
                        for wid, label, options in (
                                ("pp-sex", "Sex", PERPETRATOR_SEXES),
                                ("pp-age_band", "Age band", AGE_BANDS),
                                ("pp-ethnicity", "Ethnicity (ONS 2021)", ETHNICITIES)):
                            with Vertical(classes="field"):
                                yield Label(label)
                                yield Select([(v, k) for k, v in options.items()], id=wid,
                                             allow_blank=False)
                    yield Static("Press a to describe a suspected perpetrator, where known.",
                                 id="pp-empty", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.types = self.call(lambda s: s.cse.indicator_types())
        self.indicators = list(self.inspect_app.catalogue.checklist(
            INDICATOR_CHECKLIST).items)
        self.query_one("#ind-table", DataTable).add_columns(
            "Type", "Indicator", "Answer", "Noted", "Source")
        self.query_one("#ep-table", DataTable).add_columns(
            "Went missing", "Returned", "Adults", "Police", "Interview", "≤72h")
        self.query_one("#nt-table", DataTable).add_columns("Kind", "Event", "Made", "≤24h")
        self.query_one("#pp-table", DataTable).add_columns("Sex", "Age band", "Ethnicity")
        self.load()
        if self.start_tab == TABS[0]:
            self.query_one("#ind-table", DataTable).focus()
        else:
            self.action_tab(TABS.index(self.start_tab))

    # --- reading ---------------------------------------------------------------------------
    def load(self) -> None:
        doc = self.call(lambda s: s.load(self.iid))
        person = doc.young_person(self.yp_id)
        if person is None:
            self.notify("This young person is no longer in the inspection", severity="error")
            self.app.pop_screen()
            return
        self.case_code = person.case_code
        self.record = doc.cse_record(self.yp_id)
        # "Yes" answers on the generic checklist count as present for the rule too.
        self.checklist = checklist_answers(doc, self.yp_id, self.types)
        self.query_one("#cse-title", Static).update(
            Text.assemble(("CSE & safeguarding · ", ""), (person.case_code, "bold")))
        self.show_indicators()
        self.show_episodes()
        self.show_notifications()
        self.show_classification()
        self.show_core(person)

    def show_indicators(self) -> None:
        table = self.query_one("#ind-table", DataTable)
        row = table.cursor_row
        table.clear()
        for item in self.indicators:
            rec = self.record.indicators.get(item.id)
            answer = INDICATOR_ANSWERS[rec.answer] if rec else (
                "Yes (checklist)" if item.id in {c.item_id for c in self.checklist
                                                 if c.answer == "yes"} else "—")
            kind = TYPE_SHORT.get(item.indicator_type or "", "")
            table.add_row(kind, item.title[:34], answer,
                          rec.noted_on.isoformat() if rec and rec.noted_on else "",
                          (rec.source if rec else "")[:12], key=item.id)
        if self.indicators:
            table.move_cursor(row=min(row, len(self.indicators) - 1))
            self.fill_indicator(self.indicators[table.cursor_row].id)

    def fill_indicator(self, item_id: str) -> None:
        self.current_indicator = item_id
        rec = self.record.indicators.get(item_id)
        with self.prevent(Input.Changed):
            self.query_one("#ind-noted_on", Input).value = (
                rec.noted_on.isoformat() if rec and rec.noted_on else "")
            self.query_one("#ind-source", Input).value = rec.source if rec else ""
        self.query_one("#ind-error", Static).update("")

    def _episode_row(self, ep: Any) -> tuple[str, ...]:
        adults = "yes" if ep.adults_involved else (
            "no" if ep.with_adults == "no" and ep.collected_by_adults == "no" else "?")
        as_of = datetime.combine(self.inspect_app.today, datetime.max.time())
        on_time = ep.rhi_on_time(as_of)
        held = _dt(ep.rhi_held_at)[5:] if ep.rhi_held_at else (
            "offered" if ep.rhi_offered_at else "none")
        return (_dt(ep.went_missing_at), _dt(ep.returned_at), adults,
                YES_NO[ep.police_informed], held, _yes(on_time))

    def show_episodes(self, select: str | None = None) -> None:
        table = self.query_one("#ep-table", DataTable)
        table.clear()
        episodes = self.record.missing_episodes
        for ep in episodes:
            table.add_row(*self._episode_row(ep), key=ep.id)
        self.query_one("#ep-form").display = bool(episodes)
        table.display = bool(episodes)
        self.query_one("#ep-empty").display = not episodes
        target = select or self.current_episode
        ids = [e.id for e in episodes]
        if episodes:
            index = ids.index(target) if target in ids else 0
            table.move_cursor(row=index)
            self.fill_episode(ids[index])
        else:
            self.current_episode = None

    def fill_episode(self, episode_id: str) -> None:
        ep = self.record.episode(episode_id)
        if ep is None:
            return
        self.current_episode = episode_id
        with self.prevent(Input.Changed, Select.Changed):
            for wid, field in EPISODE_TIMES.items():
                self.query_one(f"#{wid}", Input).value = _dt(getattr(ep, field))
            for wid, field in EPISODE_CHOICES.items():
                self.query_one(f"#{wid}", Select).value = getattr(ep, field)
        self.query_one("#ep-error", Static).update("")

    def _note_row(self, n: Any) -> tuple[str, ...]:
        timely = _yes(n.within_24h) if n.kind == "reg27_ofsted" else ""
        return (NOTIFICATION_KINDS[n.kind], _dt(n.event_at), _dt(n.made_at) or "not made",
                timely)

    def show_notifications(self, select: str | None = None) -> None:
        table = self.query_one("#nt-table", DataTable)
        table.clear()
        notes = self.record.notifications
        for n in notes:
            table.add_row(*self._note_row(n), key=n.id)
        self.query_one("#nt-form").display = bool(notes)
        table.display = bool(notes)
        self.query_one("#nt-empty").display = not notes
        ids = [n.id for n in notes]
        target = select or self.current_note
        if notes:
            index = ids.index(target) if target in ids else 0
            table.move_cursor(row=index)
            self.fill_note(ids[index])
        else:
            self.current_note = None

    def fill_note(self, note_id: str) -> None:
        n = self.record.notification(note_id)
        if n is None:
            return
        self.current_note = note_id
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#nt-kind", Select).value = n.kind
            for wid, field in NOTE_TIMES.items():
                self.query_one(f"#{wid}", Input).value = _dt(getattr(n, field))
        self.query_one("#nt-error", Static).update("")

    def show_classification(self) -> None:
        self.show_advice()
        self._set_radio(self.record.classification)
        with self.prevent(TextArea.Changed):
            for wid, text in (("cl-reason", self.record.override_reason),
                              ("cl-note", self.record.risk_management_note)):
                area = self.query_one(f"#{wid}", TextArea)
                if area.text != text:
                    area.load_text(text)
        self.query_one("#cl-reason-flags", LanguageFlags).check(self.record.override_reason)
        self.query_one("#cl-note-flags", LanguageFlags).check(self.record.risk_management_note)

    def advice(self, record: CseRecord | None = None) -> Any:
        return classification_rule(
            with_checklist_answers(record or self.record, self.checklist), self.types)

    def show_advice(self) -> None:
        advice = self.advice()
        titles = {i.id: i.title for i in self.indicators}
        lines = Text()
        lines.append("Suggested by the indicators: ", style="bold")
        lines.append(CLASSIFICATIONS[advice.suggested])
        if advice.harm:
            harm = "; ".join(titles.get(h, h) for h in advice.harm)
            lines.append(f"\nEvidence of harm: {harm}")
        elif advice.signs:
            lines.append(f"\nWarning signs: {len(advice.signs)}")
        if advice.needs_reason:
            lines.append(f"\n⚑ {advice.explanation}", style="bold")
        elif advice.chosen and CLASSIFICATION_RANK[advice.chosen] < CLASSIFICATION_RANK[
                advice.suggested]:
            lines.append("\nBelow the suggestion, with the reason recorded below.")
        widget = self.query_one("#cl-advice", Static)
        widget.update(lines)
        widget.set_class(advice.needs_reason, "-warn")

    def show_core(self, person: Any) -> None:
        victim = (f"Victim (from the young person's record): age {person.age or 'not known'} · "
                  f"{SEXES[person.sex].lower()} · {ETHNICITIES[person.ethnicity]} · "
                  f"{DISABILITY[person.disability].lower()}. Change these on the young "
                  "people screen.")
        self.query_one("#core-victim", Static).update(victim)
        data = self.record.perpetrators
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#core-number", Input).value = (
                "" if data.number is None else str(data.number))
            self.query_one("#core-acting_with_others", Select).value = data.acting_with_others
        self.show_perpetrators()

    def show_perpetrators(self, select: str | None = None) -> None:
        table = self.query_one("#pp-table", DataTable)
        table.clear()
        rows = self.record.perpetrators.perpetrators
        for p in rows:
            table.add_row(PERPETRATOR_SEXES[p.sex], AGE_BANDS[p.age_band],
                          ETHNICITIES[p.ethnicity][:40], key=p.id)
        table.display = bool(rows)
        self.query_one("#pp-form").display = bool(rows)
        self.query_one("#pp-empty").display = not rows
        ids = [p.id for p in rows]
        target = select or self.current_perp
        if rows:
            index = ids.index(target) if target in ids else 0
            table.move_cursor(row=index)
            self.fill_perp(ids[index])
        else:
            self.current_perp = None

    def fill_perp(self, perp_id: str) -> None:
        p = next((p for p in self.record.perpetrators.perpetrators if p.id == perp_id), None)
        if p is None:
            return
        self.current_perp = perp_id
        with self.prevent(Select.Changed):
            for wid, field in PERP_CHOICES.items():
                self.query_one(f"#{wid}", Select).value = getattr(p, field)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None or event.row_key.value is None:
            return
        key = event.row_key.value
        table = event.data_table.id
        if table == "ind-table" and key != self.current_indicator:
            self.fill_indicator(key)
        elif table == "ep-table" and key != self.current_episode:
            self.fill_episode(key)
        elif table == "nt-table" and key != self.current_note:
            self.fill_note(key)
        elif table == "pp-table" and key != self.current_perp:
            self.fill_perp(key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        first = {"ind-table": "#ind-noted_on", "ep-table": "#ep-went_missing_at",
                 "nt-table": "#nt-kind", "pp-table": "#pp-sex"}.get(event.data_table.id or "")
        if first:
            self.query_one(first).focus()

    # --- saving ----------------------------------------------------------------------------
    async def _reload_after(self) -> None:
        await self.backend.wait_idle()
        if self.backend.state.error:
            self.notify(self.backend.state.error, severity="error", timeout=6)
        self.record = self.call(lambda s: s.load(self.iid)).cse_record(self.yp_id)

    def _save(self, key: Any, fn: Any, text: bool) -> None:
        self.backend.change(("cse", self.yp_id, *key), fn, now=not text)

    async def on_input_changed(self, event: Input.Changed) -> None:
        wid = event.input.id or ""
        if event.value != event.input.value:  # stale: the form was refilled since
            return
        iid, yp = self.iid, self.yp_id
        value = event.value.strip()
        if wid in ("ind-noted_on", "ind-source") and self.current_indicator:
            item = self.current_indicator
            field = wid.removeprefix("ind-")
            error = self.query_one("#ind-error", Static)
            if field == "noted_on":
                try:
                    parsed = _parse_date(value)
                except ValueError as exc:
                    error.update(_typing(value, 10) or f"Noted on: {exc}")
                    return
                value = parsed.isoformat() if parsed else None  # type: ignore[assignment]
            error.update("")
            self._save(("ind", item, field),
                       lambda s: s.cse.set_indicator(iid, yp, item, fold=True,
                                                   **{field: value}), text=True)
            rec = self.record.indicators.get(item)
            new = (rec or IndicatorRecord()).model_copy(update={field: (
                _parse_date(value) if field == "noted_on" else value)})
            self.record.indicators[item] = new
            table = self.query_one("#ind-table", DataTable)
            table.update_cell(item, table.ordered_columns[3].key,
                              new.noted_on.isoformat() if new.noted_on else "",
                              update_width=True)
            table.update_cell(item, table.ordered_columns[4].key, new.source[:12],
                              update_width=True)
            if rec is None:
                table.update_cell(item, table.ordered_columns[2].key,
                                  INDICATOR_ANSWERS[new.answer])
        elif wid in EPISODE_TIMES and self.current_episode:
            self._typed_time(event, EPISODE_TIMES[wid], "ep", self.current_episode)
        elif wid in NOTE_TIMES and self.current_note:
            self._typed_time(event, NOTE_TIMES[wid], "nt", self.current_note)
        elif wid == "core-number":
            number = int(value) if value.isdigit() else None
            error = self.query_one("#core-error", Static)
            if len(self.record.perpetrators.perpetrators) > (number if number is not None
                                                             else 10**6):
                error.update(f"Number: {len(self.record.perpetrators.perpetrators)} "
                             "perpetrators are described below")
                return
            error.update("")
            self._save(("core", "number"),
                       lambda s: s.cse.set_perpetrator_data(iid, yp, number=number), text=True)
            self.record.perpetrators.number = number

    def _typed_time(self, event: Input.Changed, field: str, prefix: str, row_id: str) -> None:
        error = self.query_one(f"#{prefix}-error", Static)
        try:
            parsed = _parse_datetime(event.value)
        except ValueError as exc:
            label = event.input.parent.query_one(Label).content  # type: ignore[union-attr]
            error.update(_typing(event.value.strip(), 16) or f"{label}: {exc}")
            return
        iid, yp = self.iid, self.yp_id
        value = parsed.isoformat() if parsed else None
        if prefix == "ep":
            ep = self.record.episode(row_id)
            updated = ep.model_copy(update={field: parsed}) if ep else None
            problem = self._order_problem(updated)
            if problem:
                error.update(problem)
                return
            updater = CsePart.update_missing_episode
        else:
            n = self.record.notification(row_id)
            updated = n.model_copy(update={field: parsed}) if n else None
            if updated and updated.event_at and updated.made_at and (
                    updated.made_at < updated.event_at):
                error.update("Made: the notification is before the event")
                return
            updater = CsePart.update_notification
        error.update("")
        self._save((prefix, row_id, field), lambda s: updater(s.cse, iid, yp, row_id, fold=True,
                                                               **{field: value}), text=True)
        if updated is None:
            return
        rows = (self.record.missing_episodes if prefix == "ep" else self.record.notifications)
        rows[:] = [updated if r.id == row_id else r for r in rows]
        table = self.query_one(f"#{prefix}-table", DataTable)
        cells = self._episode_row(updated) if prefix == "ep" else self._note_row(updated)
        for column, cell in zip(table.ordered_columns, cells, strict=False):
            table.update_cell(row_id, column.key, cell, update_width=True)
        self.show_advice()

    @staticmethod
    def _order_problem(ep: Any) -> str:
        if ep is None:
            return ""
        if ep.went_missing_at and ep.returned_at and ep.returned_at < ep.went_missing_at:
            return "Returned: the return is before the young person went missing"
        for name, label in (("rhi_offered_at", "Interview offered"),
                            ("rhi_held_at", "Interview held")):
            value = getattr(ep, name)
            if value and ep.returned_at and value < ep.returned_at:
                return f"{label}: the return home interview is before the return"
        return ""

    def _current_choice(self, wid: str) -> Any:
        """The saved value behind a choice widget (to skip events that change nothing)."""
        if wid in EPISODE_CHOICES and self.current_episode:
            ep = self.record.episode(self.current_episode)
            return getattr(ep, EPISODE_CHOICES[wid], None) if ep else None
        if wid == "nt-kind" and self.current_note:
            n = self.record.notification(self.current_note)
            return n.kind if n else None
        if wid == "core-acting_with_others":
            return self.record.perpetrators.acting_with_others
        if wid in PERP_CHOICES and self.current_perp:
            p = next((p for p in self.record.perpetrators.perpetrators
                      if p.id == self.current_perp), None)
            return getattr(p, PERP_CHOICES[wid], None) if p else None
        return None

    async def on_select_changed(self, event: Select.Changed) -> None:
        wid = event.select.id or ""
        # A Select announces its first option when it mounts, after the form was filled:
        # an event that no longer matches the widget, or changes nothing, is not an edit.
        if event.value is Select.NULL or event.value != event.select.value:
            return
        if event.value == self._current_choice(wid):
            return
        value = event.value
        iid, yp = self.iid, self.yp_id
        if wid in EPISODE_CHOICES and self.current_episode:
            ep_id, field = self.current_episode, EPISODE_CHOICES[wid]
            self._save(("ep", ep_id, field), lambda s: s.cse.update_missing_episode(
                    iid, yp, ep_id, **{field: value}), text=False)
            await self._reload_after()
            self.show_episodes(ep_id)
            self.show_advice()
        elif wid == "nt-kind" and self.current_note:
            note_id = self.current_note
            self._save(("nt", note_id, "kind"), lambda s: s.cse.update_notification(
                    iid, yp, note_id, kind=value), text=False)
            await self._reload_after()
            self.show_notifications(note_id)
        elif wid == "core-acting_with_others":
            self._save(("core", "acting"), lambda s: s.cse.set_perpetrator_data(
                    iid, yp, acting_with_others=value), text=False)
            await self._reload_after()
        elif wid in PERP_CHOICES and self.current_perp:
            perp_id, field = self.current_perp, PERP_CHOICES[wid]
            self._save(("pp", perp_id, field), lambda s: s.cse.update_perpetrator(
                    iid, yp, perp_id, **{field: value}), text=False)
            await self._reload_after()
            self.show_perpetrators(perp_id)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        wid = event.text_area.id
        text = event.text_area.text
        iid, yp = self.iid, self.yp_id
        if wid == "cl-reason":
            self.query_one("#cl-reason-flags", LanguageFlags).check(text)
            self._save(("reason",), lambda s: s.cse.update_record(
                    iid, yp, fold=True, override_reason=text), text=True)
            self.record.override_reason = text
            self.show_advice()
        elif wid == "cl-note":
            self.query_one("#cl-note-flags", LanguageFlags).check(text)
            self._save(("note",), lambda s: s.cse.update_record(
                    iid, yp, fold=True, risk_management_note=text), text=True)
            self.record.risk_management_note = text
        if wid in ("cl-reason", "cl-note"):
            self.call_after_refresh(event.text_area.scroll_visible)

    async def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id != "cl-choice" or event.pressed is None:
            return
        chosen = (event.pressed.id or "").removeprefix("cl-")
        previous = self.record.classification
        if chosen == previous:
            return
        await self.backend.wait_idle()
        advice = self.advice(self.record.model_copy(update={"classification": chosen}))
        if advice.needs_reason:
            def answered(reason: str | None) -> None:
                if reason is None:
                    self._set_radio(previous)
                    return
                self._classify(chosen, reason)

            title = f"{CLASSIFICATIONS[chosen]} for {self.case_code}?"
            self.app.push_screen(ReasonScreen(title, advice.explanation,
                                              self.record.override_reason), answered)
            return
        self._classify(chosen, None)

    def _classify(self, chosen: str, reason: str | None) -> None:
        iid, yp = self.iid, self.yp_id
        ok, result = self.try_call(lambda s: s.cse.set_classification(iid, yp, chosen, reason))
        if not ok:
            self.notify(result, severity="error", timeout=8)
            self._set_radio(self.record.classification)
            return
        self.record = self.call(lambda s: s.load(iid)).cse_record(yp)
        self.show_classification()
        if result.iicsa:
            self.notify("Recorded, with the reason. The report shows this override.",
                        timeout=4)

    def _set_radio(self, classification: str | None) -> None:
        """Show ``classification`` as chosen. The RadioSet.Changed this causes is ignored by
        the handler (it matches the record) and keeps the set's highlight on the choice."""
        radio = self.query_one("#cl-choice", RadioSet)
        if classification is None:
            with radio.prevent(RadioButton.Changed):
                for button in radio.query(RadioButton):
                    button.value = False
            radio._pressed_button = None  # no public way to clear a RadioSet
            return
        self.query_one(f"#cl-{classification}", Choice).value = True

    # --- actions ---------------------------------------------------------------------------
    def _active(self) -> str:
        return self.query_one("#cse-tabs", TabbedContent).active

    def action_tab(self, index: int) -> None:
        tab = TABS[index]
        self.query_one("#cse-tabs", TabbedContent).active = tab
        focus = {"tab-ind": "#ind-table", "tab-missing": "#ep-table", "tab-notes": "#nt-table",
                 "tab-class": "#cl-choice", "tab-core": "#core-number"}[tab]
        widget = self.query_one(focus)
        if not widget.display:
            widget = self.query_one("#cse-tabs Tabs")
        widget.focus()

    async def action_answer(self, answer: str) -> None:
        if self._active() != "tab-ind" or self.current_indicator is None:
            return
        if not isinstance(self.focused, DataTable):
            return
        item, iid, yp = self.current_indicator, self.iid, self.yp_id
        self._save(("ind", item, "answer"), lambda s: s.cse.set_indicator(
                iid, yp, item, answer=answer), text=False)
        await self._reload_after()
        table = self.query_one("#ind-table", DataTable)
        table.update_cell(item, table.ordered_columns[2].key, INDICATOR_ANSWERS[answer])
        if table.cursor_row < len(self.indicators) - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self.show_advice()

    async def action_add(self) -> None:
        tab = self._active()
        await self.backend.wait_idle()
        iid, yp = self.iid, self.yp_id
        if tab == "tab-missing":
            ok, result = self.try_call(lambda s: s.cse.add_missing_episode(iid, yp))
            if ok:
                await self._reload_after()
                self.show_episodes(result)
                self.query_one("#ep-went_missing_at", Input).focus()
        elif tab == "tab-notes":
            ok, result = self.try_call(lambda s: s.cse.add_notification(
                    iid, yp, kind="reg27_ofsted"))
            if ok:
                await self._reload_after()
                self.show_notifications(result)
                self.query_one("#nt-kind", Select).focus()
        elif tab == "tab-core":
            ok, result = self.try_call(lambda s: s.cse.add_perpetrator(iid, yp))
            if ok:
                await self._reload_after()
                self.show_perpetrators(result)
                self.query_one("#pp-sex", Select).focus()
        else:
            return
        if not ok:
            self.notify(result, severity="error", timeout=6)

    async def action_remove(self) -> None:
        tab = self._active()
        iid, yp = self.iid, self.yp_id
        target = {"tab-missing": (self.current_episode, CsePart.remove_missing_episode,
                                  "missing episode"),
                  "tab-notes": (self.current_note, CsePart.remove_notification,
                                "notification"),
                  "tab-core": (self.current_perp, CsePart.remove_perpetrator,
                               "perpetrator")}.get(tab)
        if target is None or target[0] is None:
            return
        row_id, remove, label = target
        from .dialogs import ConfirmScreen

        async def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            self._save((tab, row_id, "deleted"), lambda s: remove(s.cse, iid, yp, row_id),
                       text=False)
            await self._reload_after()
            self.show_episodes()
            self.show_notifications()
            self.show_perpetrators()
            self.show_advice()
            self.notify(f"Removed the {label} (kept in the history)", timeout=3)

        self.app.push_screen(ConfirmScreen(f"Remove this {label}?"), confirmed)

    def action_back(self) -> None:
        """From a form field: back to the tab's list (or the tab bar). From there: leave."""
        focused = self.focused
        if focused is not None and not isinstance(focused, DataTable | Tabs):
            tables = {"tab-ind": "#ind-table", "tab-missing": "#ep-table",
                      "tab-notes": "#nt-table", "tab-core": "#pp-table"}
            table_id = tables.get(self._active())
            target = self.query_one(table_id) if table_id else None
            if target is None or not target.display:
                target = self.query_one("#cse-tabs Tabs")
            target.focus()
            return
        self.app.pop_screen()

    def palette_commands(self):
        return [(f"CSE: {label}", f"Show the {label.lower()} tab ({n + 1})",
                 lambda n=n: self.action_tab(n))
                for n, label in enumerate(("Indicators", "Missing episodes", "Notifications",
                                           "Classification", "Core data set"))]
