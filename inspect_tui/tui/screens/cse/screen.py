"""The CSE & safeguarding screen: one young person's record, the five tabs, and saving.

Keyboard-first; every change is saved as it is made, through the app's backend. The panes
(one module each) show the record and say how to save a change; the rules they show (the
classification advice, the 24- and 72-hour rules, what a record may hold) are the
domain's, as the review list, the report and the export have them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tabs

from ....domain.cse.models import CseRecord, IndicatorRecord
from ....domain.cse.rules import deadlines_as_of, legacy_indicators
from ....domain.review import edit_refusal
from ...keys import ADD_KEY, edit_binding
from ...widgets.save_indicator import SaveIndicator
from ..base import BaseScreen
from .classification import ClassificationPane
from .core import CorePane
from .indicators import IndicatorsPane
from .missing import MissingPane
from .notifications import NotificationsPane

TABS = ("tab-ind", "tab-missing", "tab-notes", "tab-class", "tab-core")
TAB_TITLES = ("1 Indicators", "2 Missing", "3 Notifications", "4 Classification",
              "5 Core data")
TAB_LABELS = ("Indicators", "Missing episodes", "Notifications", "Classification",
              "Core data set")
# The tab where each review-list problem is fixed (the rest open on the indicators).
PROBLEM_TABS = {
    "cse_rhi_late": "tab-missing", "cse_missing_incomplete": "tab-missing",
    "cse_rhi_not_offered": "tab-missing", "cse_rhi_not_held": "tab-missing",
    "cse_no_notification": "tab-notes", "cse_no_referral": "tab-notes",
    "cse_no_enquiry": "tab-notes", "cse_iicsa_placement": "tab-class",
    "cse_late_notification": "tab-notes", "cse_notification_no_event_time": "tab-notes",
    "cse_harm_not_recognised": "tab-class", "cse_classification_reason": "tab-class",
    "cse_no_classification": "tab-class", "cse_no_risk_plan": "tab-class",
    "language": "tab-class", "language_ask": "tab-class",
}


def tab_for_problem(kind: str) -> str:
    return PROBLEM_TABS.get(kind, TABS[0])


def make_pane(tab: str) -> Any:
    """The pane shown in ``tab``."""
    if tab == "tab-ind":
        return IndicatorsPane("ind", id="ind-pane")
    if tab == "tab-missing":
        return MissingPane("ep", id="ep-pane")
    if tab == "tab-notes":
        return NotificationsPane("nt", id="nt-pane")
    if tab == "tab-class":
        return ClassificationPane(id="cl-pane")
    return CorePane(id="core-pane")


class CseScreen(BaseScreen):
    HELP = """\
CSE & safeguarding for one young person (case code only).
  1-5        Indicators · Missing · Notifications · Classification · Core data
             (from a list or the tab bar; in a field these keys are text)
  ↑ ↓        choose a row; the form under the list names the row it belongs to
  Enter      edit the highlighted row: Tab next field, Escape back to the list
  F6 / F5    next / previous row, staying in the same field
  Indicators: in Answer, p present, n not present, k not known
  Ctrl+N     add a missing episode, notification or perpetrator
  Delete     remove the highlighted one (asks; Delete again removes, Enter keeps)
  Dates and times: YYYY-MM-DD HH:MM, England time (indicators: YYYY-MM-DD);
             01:00-01:59 on the night the clocks go back: add BST or GMT
  Classification: n, h or e (or ↑ ↓ and Space). Below what the indicators suggest
             (above all "heightened risk" where evidence of harm is recorded) asks for
             a recorded reason: IICSA found harm hidden as "at risk".
  Escape     back (from a form: back to its list)
Everything is saved as you type; a value the record cannot hold is kept in its field
with the reason beside it, and is not saved. Language flags appear above the text you
write; put provider wording in "quotation marks" to show it is a quotation.
"""
    BINDINGS = [
        Binding("escape", "back", "Back"),
        *[Binding(str(n + 1), f"tab({n})", label, show=False)
          for n, label in enumerate(TAB_LABELS)],
        # From the tab bar; in a pane, the pane's own Ctrl+N comes first.
        edit_binding(ADD_KEY, "add_here", "Add", show=False),
    ]
    DEFAULT_CSS = """
    CseScreen #cse-tabs { height: 1fr; }
    CseScreen TabPane { padding: 0; }
    CseScreen #cse-title { width: 1fr; }
    """

    def __init__(self, service: Any = None, iid: str = "", yp_id: str = "",
                 tab: str = "") -> None:
        super().__init__()
        self.start_tab = tab if tab in TABS else TABS[0]
        if self.start_tab == "tab-ind":
            # The focus starts where focus_home puts it (the indicators list is always
            # there), not on the tab bar first: the move restyled and laid out the screen
            # and rebuilt the footer's keys a second time before the first frame.
            self.AUTO_FOCUS = "#ind-table"
        self.iid = iid
        self.yp_id = yp_id
        self.doc: Any = None
        self.person: Any = None
        self.record = CseRecord(young_person_id=yp_id)
        self.legacy: dict[str, IndicatorRecord] = {}
        self.case_code = ""
        self.types: dict[str, str] = {}
        self.items: list[Any] = []
        self.as_of = datetime.max
        self.read_only = ""

    # --- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(classes="bar"):
            yield Static("CSE & safeguarding", id="cse-title")
            yield SaveIndicator(self.backend)
        # Each tab's pane is built when the tab is first shown (the one to open on now):
        # building all five cost most of opening the screen, and most visits use one or two.
        with TabbedContent(id="cse-tabs"):
            for tab, title in zip(TABS, TAB_TITLES, strict=True):
                with TabPane(title, id=tab):
                    if tab == self.start_tab:
                        yield make_pane(tab)
        yield self.key_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.types = self.call(lambda s: s.cse.indicator_types())
        from ....service.cse import INDICATOR_CHECKLIST

        self.items = list(self.inspect_app.catalogue.checklist(INDICATOR_CHECKLIST).items)
        if not self.load():
            return
        self.query_one("#cse-tabs", TabbedContent).active = self.start_tab
        self.focus_home(self.start_tab)

    # --- the record --------------------------------------------------------------------------
    def load(self) -> bool:
        """Read the record and show it everywhere; False if the young person is gone."""
        if not self.read():
            self.notify("This young person is no longer in the inspection", severity="error")
            self.app.pop_screen()
            return False
        self.query_one("#cse-title", Static).update(self.title_text())
        for pane in self.panes():
            pane.show_record()
        return True

    def read(self) -> bool:
        doc = self.call(lambda s: s.load(self.iid))
        person = doc.young_person(self.yp_id)
        if person is None:
            return False
        self.doc, self.person, self.case_code = doc, person, person.case_code
        self.record = doc.cse_record(self.yp_id)
        # Answers given on the old generic checklist, read where the CSE record has none.
        self.legacy = legacy_indicators(doc, self.yp_id, self.types)
        # Deadlines are judged as the review list, the report and the export judge them.
        self.as_of = deadlines_as_of(doc)
        self.read_only = edit_refusal(doc.status) or ""
        return True

    def title_text(self) -> Text:
        title = Text.assemble(("CSE & safeguarding · ", ""), (self.case_code, "bold"))
        if self.read_only:
            title.append(" · read-only", style="bold reverse")
        return title

    def panes(self) -> list[Any]:
        """The panes built so far (a tab's pane is built when the tab is first shown)."""
        return [pane for tab in TABS for pane in self.query_one(f"#{tab}", TabPane).children]

    async def build_tab(self, tab: str) -> None:
        """Build ``tab``'s pane, showing the record, if it is not built yet."""
        tab_pane = self.query_one(f"#{tab}", TabPane)
        if tab_pane.children or self.doc is None:
            return
        pane = make_pane(tab)
        await tab_pane.mount(pane)
        if not pane.is_attached:  # the screen closed meanwhile
            return
        pane.show_record()
        self.steady_cursors()

    async def on_tabbed_content_tab_activated(
            self, event: TabbedContent.TabActivated) -> None:
        # A tab chosen on the tab bar (arrow keys, a click), not with the digit keys. (The
        # first tab's activation, sent as the tabs are mounted, is passed over when the
        # screen opens on another tab.)
        if event.pane.id == self._active():
            await self.build_tab(event.pane.id)

    def save(self, key: tuple, fn: Any, typing: bool) -> None:
        """Save through the backend: typed text within its delay (folded into one edit),
        a choice at once."""
        self.backend.change(("cse", self.yp_id, *key), fn, now=not typing)

    async def reload(self) -> None:
        """Wait for the saves, then show what is stored (the field being typed in stays)."""
        await self.backend.wait_idle()
        if self.backend.state.error:
            self.notify(self.backend.state.error, severity="error", timeout=6)
        if self.read():
            for pane in self.panes():
                pane.show_record(keep_focused=True)

    def changed(self) -> None:
        """Something the classification advice reads has changed."""
        for pane in self.query(ClassificationPane).results(ClassificationPane):
            pane.show_advice()

    # --- keys ------------------------------------------------------------------------------
    def _active(self) -> str:
        return self.query_one("#cse-tabs", TabbedContent).active

    async def action_tab(self, index: int) -> None:
        """Show a tab with the focus on its list, never in a field: a digit typed ahead
        must not land the next keys in one."""
        tab = TABS[index]
        await self.build_tab(tab)
        self.query_one("#cse-tabs", TabbedContent).active = tab
        self.focus_home(tab)

    def focus_home(self, tab: str | None = None) -> None:
        pane = self.query_one(f"#{tab or self._active()} > *")
        target = pane.home_widget() if hasattr(pane, "home_widget") else None
        if target is None or not target.display:
            target = self.query_one("#cse-tabs Tabs")
        self.focus_now(target)

    def on_key(self, event: events.Key) -> None:
        # From the tab bar, Enter or Down goes into the tab (the list, or the first field).
        if isinstance(self.focused, Tabs) and event.key in ("enter", "down"):
            built = self.query(f"#{self._active()} > *")
            if not built:  # still being built: the key goes where Textual sends it
                return
            pane = built.first()
            target = pane.home_widget() or pane.first_field()
            if target is not None:
                event.stop()
                self.focus_now(target)

    async def action_add_here(self) -> None:
        pane = self.query_one(f"#{self._active()} > *")
        rows = pane.perpetrators if isinstance(pane, CorePane) else pane
        if getattr(rows, "ADDS", False):
            await rows.action_add()

    def action_back(self) -> None:
        """From a field: back to the tab's list (or the tab bar). From there: leave."""
        focused = self.focused
        if focused is not None and not isinstance(focused, DataTable | Tabs):
            self.focus_home()
            return
        self.app.pop_screen()

    def palette_commands(self):
        return [(f"CSE: {label}", f"Show the {label.lower()} tab ({n + 1})",
                 lambda n=n: self.action_tab(n)) for n, label in enumerate(TAB_LABELS)]
