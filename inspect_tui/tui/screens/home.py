"""Home: the inspections on this machine; new, open, archive."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from ...domain.vocab import DISPLAY_STATUSES, INSPECTION_TYPES
from ..keys import edit_binding
from ..widgets.table import RowTable
from .base import BaseScreen

WATCH_SECONDS = 1.0  # how often home looks for changes made by another process


class HomeScreen(BaseScreen):
    HELP = """\
Home: the inspections on this machine.
  Enter   open the highlighted inspection
  n       new inspection
  Delete  archive / unarchive (nothing is ever deleted)
  h       show or hide archived inspections
  r       refresh the list (it also refreshes by itself when another
          window, a command or a sync changes the database)
  s       sync with the hub (the bar shows the last sync)
"""
    BINDINGS = [
        Binding("enter", "open", "Open", show=True),
        Binding("n", "new", "New"),
        edit_binding("delete", "archive", "Archive", key_display="Del"),
        Binding("h", "toggle_archived", "Archived"),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("s", "app.sync", "Sync"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_archived = False
        self._from_cache = False  # the list shown is the cache's, not yet recomputed
        self.summaries: list = []
        self._stamp: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-bar", classes="bar"):
            yield Static("", id="home-profile")
            yield Static("", id="home-count")
        table: DataTable = RowTable(id="inspections", cursor_type="row", zebra_stripes=True)
        yield table
        # The manager's comment on a returned inspection: what the inspector must act on.
        yield Static("", id="home-returned", classes="returned", markup=False)
        yield Static("", id="home-empty")
        yield self.key_footer()

    def on_mount(self) -> None:
        table = self.query_one("#inspections", DataTable)
        table.add_columns("Provider", "URN", "Dates", "Type", "Status", "Done", "Open")
        # The list as last computed, read from the store (no service yet); if some of it
        # is out of date or missing, recomputed by the service once that is drawn.
        cached, current = self.backend.light(lambda index: index.cached_state())
        if current:  # complete and up to date: the service is not needed yet
            self.show_list(cached)
            # ...but it will be for the first open: load it once the screen has settled,
            # while the inspector reads the list, so that the first open does not wait.
            self.set_timer(1.0, self.backend.start)
        elif cached:
            self.show_list(cached)
            self._from_cache = True
            self.call_after_refresh(self.refresh_list)
        else:
            self.refresh_list()
        table.focus()
        self._stamp = self.backend.light(lambda index: index.stamp())
        self.set_interval(WATCH_SECONDS, self.watch_database)

    def watch_database(self) -> None:
        """Refresh the list when another process has changed the database (a demo made in
        another shell, an import, a sync): the inspector never needs to know about r."""
        if not self.is_current:
            return
        # While the list loads (a worker holds the connection, reading every inspection)
        # this waited for it on the UI thread, once a second: look again next second.
        stamp = self.backend.light_if_free(lambda index: index.stamp())
        if stamp is not None and stamp != self._stamp:
            self._stamp = stamp
            self.refresh_list()

    def on_screen_resume(self) -> None:
        if not self.first_resume():
            self.refresh_list()

    def refresh_list(self, select: str | None = None) -> None:
        """Reload the list in a worker thread: each inspection is read and checked, which
        with many inspections would freeze the screen if done here."""
        if not self.summaries:
            self.query_one("#home-count", Static).update("Loading inspections…")
        self.load_summaries(select)

    @work(thread=True, exclusive=True, group="home-list")
    def load_summaries(self, select: str | None) -> None:
        worker = get_current_worker()
        try:
            # ... and the cache written, if it changed.
            summaries, _ = self.call(lambda s: s.refresh_summaries())
        except Exception:
            if self.backend.open_error is None:
                raise
            # The service could not be made: run_app reports why once the app is gone.
            self.app.call_from_thread(self.app.exit, 1)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._loaded, summaries, select)

    def _loaded(self, summaries: list, select: str | None) -> None:
        unchanged = self._from_cache and select is None and summaries == self.summaries
        self._from_cache = False
        if not unchanged:
            self.show_list(summaries, select)

    def show_list(self, summaries: list | None = None, select: str | None = None) -> None:
        table = self.query_one("#inspections", DataTable)
        current = select
        if current is None and table.row_count:
            try:
                current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            except Exception:  # noqa: BLE001 - no row under the cursor
                current = None
        if summaries is not None:
            self.summaries = summaries
        table.clear()
        shown = [s for s in self.summaries if self.show_archived or not s.archived]
        for summary in shown:
            status = DISPLAY_STATUSES.get(summary.status, summary.status)
            if summary.archived:
                status += " (archived)"
            if summary.conflicts:
                status += f" ⚠{summary.conflicts}"
            # Every column must fit 80 columns: the provider's name gives way.
            room = max(16, min(44, self.app.size.width - 58))
            provider = summary.provider
            if len(provider) > room:
                provider = provider[:room - 1] + "…"
            table.add_row(
                provider,
                summary.urn,
                f"{summary.start_date}–{summary.end_date[8:]}"
                if summary.start_date[:8] == summary.end_date[:8]
                else f"{summary.start_date}–{summary.end_date[5:]}",
                INSPECTION_TYPES.get(summary.type, summary.type),
                status,
                f"{summary.progress}%",
                str(summary.problems) if summary.problems else "0",
                key=summary.id,
            )
        if current is not None:
            for index, summary in enumerate(shown):
                if summary.id == current:
                    table.move_cursor(row=index)
        self.show_returned()
        archived = sum(1 for s in self.summaries if s.archived)
        count = f"{len(shown)} inspection{'s' if len(shown) != 1 else ''}"
        if archived and not self.show_archived:
            count += f" ({archived} archived hidden: h shows them)"
        self.query_one("#home-count", Static).update(count)
        from ..sync_action import last_sync_label

        profile = self.backend.light(lambda index: index.profile())
        synced = self.backend.light(last_sync_label)
        self.query_one("#home-profile", Static).update(
            (f"{profile.name} ({profile.role})" if profile else "No profile yet")
            + f" · {synced}")
        empty = self.query_one("#home-empty", Static)
        empty.display = not shown
        empty.update("No inspections yet. Press n to start one, or run `inspect-tui demo` "
                     "to create a fictional one to try.")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_returned()

    def show_returned(self) -> None:
        iid = self.selected_id()
        summary = next((s for s in self.summaries if s.id == iid), None)
        box = self.query_one("#home-returned", Static)
        text = getattr(summary, "returned", "") if summary is not None else ""
        box.update(f"Returned by {text}" if text else "")
        box.display = bool(text)

    def selected_id(self) -> str | None:
        table = self.query_one("#inspections", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_inspection(event.row_key.value)

    def action_open(self) -> None:
        iid = self.selected_id()
        if iid:
            self.open_inspection(iid)

    def open_inspection(self, iid: str | None) -> None:
        if not iid:
            return
        from .workspace import WorkspaceScreen

        self.app.push_screen(WorkspaceScreen(iid))

    def action_new(self) -> None:
        from .new_inspection import NewInspectionScreen

        def created(iid: str | None) -> None:
            if iid:
                self.refresh_list(select=iid)
                self.open_inspection(iid)

        self.app.push_screen(NewInspectionScreen(), created)

    def action_archive(self) -> None:
        iid = self.selected_id()
        if not iid:
            return
        summary = next(s for s in self.summaries if s.id == iid)
        ok, message = self.try_call(lambda s: s.archive(iid, not summary.archived))
        if not ok:
            self.notify(message, severity="error")
            return
        verb = "Unarchived" if summary.archived else "Archived (press h to see archived ones)"
        self.notify(f"{verb}: {summary.provider}", timeout=3)
        self.refresh_list()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.show_list()

    def action_refresh(self) -> None:
        self.refresh_list()

    def palette_commands(self):
        return [
            ("New inspection", "Start a new inspection (n)", self.action_new),
            ("Open inspection", "Open the highlighted inspection (Enter)", self.action_open),
            ("Archive or unarchive", "Archive the highlighted inspection (Delete)",
             self.action_archive),
            ("Show archived inspections", "Show or hide archived ones (h)",
             self.action_toggle_archived),
        ]
