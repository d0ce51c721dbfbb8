"""Issue 11 item 7: it fits, and it goes where a person expects: a screen below 60x20 asks
for a larger terminal, Home and End go to the first and last row, a returned inspection's
comment shows on home and on opening, the reports say where they are."""

from __future__ import annotations

from textual.widgets import DataTable, Static, Tree

from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.too_small import TooSmallScreen
from inspect_tui.tui.screens.young_people import YoungPeopleScreen

from .conftest import settle, until
from .test_flows import open_demo


async def test_below_60x20_a_screen_asks_for_a_larger_terminal(make_app, demo_iid,
                                                               tui_service):
    before = tui_service.load(demo_iid)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "at least 60x20" in str(app.screen.query_one("#too-small", Static).render())
        await pilot.press("enter", "1", "y", "escape")  # typed blind: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.screen is ws  # back where it was
    assert tui_service.load(demo_iid).findings == before.findings


async def test_it_starts_asking_when_the_terminal_is_already_too_small(make_app):
    app = make_app()
    async with app.run_test(size=(59, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TooSmallScreen)


async def test_home_and_end_go_to_the_first_and_last_row(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        tree = ws.query_one("#ws-tree", Tree)
        await pilot.press("end")
        await pilot.pause()
        assert tree.cursor_line == tree.last_line
        await pilot.press("home")
        await pilot.pause()
        assert tree.cursor_line == 0
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, YoungPeopleScreen)
        table = app.screen.query_one("#yp-table", DataTable)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        assert app.screen.pane.current == table.coordinate_to_cell_key(
            table.cursor_coordinate).row_key.value  # the form follows the row
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("end")
        await pilot.pause()
        home = app.screen.query_one("#inspections", DataTable)
        assert home.cursor_row == home.row_count - 1



async def test_a_returned_inspection_shows_the_comment_on_home_and_on_opening(
        make_app, demo_iid, tui_service):
    tui_service.submit(demo_iid)
    tui_service.set_profile("Alex Manager", "manager")
    tui_service.return_for_changes(demo_iid, "Add the DBS dates [S2]")
    tui_service.set_profile("Sam Okafor", "inspector")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen.query_one("#home-returned", Static)
        assert home.display and home.region.bottom <= 24
        assert str(home.render()) == "Returned by Alex Manager: Add the DBS dates [S2]"
        ws = await open_demo(app, pilot)
        line = ws.query_one("#ws-returned", Static)
        assert line.display and line.region.height and line.region.bottom <= 24
        assert "Alex Manager: Add the DBS dates [S2]" in str(line.render())
        # Submitted again, the line goes: the comment has been acted on.
        tui_service.submit(demo_iid)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not ws.query_one("#ws-returned", Static).display


async def test_draft_and_final_reports_are_separate_files(make_app, demo_iid, tui_service):
    from pypdf import PdfReader

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)

        async def report() -> str:
            await pilot.press("r")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            label = ws.query_one("#ws-report-label", Static)
            assert label.region.bottom <= 23  # above the key line, at 80x24
            return str(label.render())

        shown = await report()
        draft = ws.report_path()
        assert draft.name.endswith("-DRAFT.pdf") and shown.startswith("DRAFT report saved")
        assert str(draft) in shown.replace("\n", "")  # the whole path, not cut
        tui_service.submit(demo_iid)
        tui_service.set_profile("Alex Manager", "manager")
        tui_service.approve(demo_iid)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        shown = await report()
        final = ws.report_path()
        assert final.name.endswith("-FINAL.pdf") and shown.startswith("FINAL report saved")
        assert final != draft and draft.exists() and final.exists()
    first_line = lambda path: PdfReader(path).pages[0].extract_text().splitlines()[0]  # noqa: E731
    assert (first_line(draft), first_line(final)) == ("DRAFT", "FINAL")  # the watermark


async def test_home_refreshes_when_another_process_changes_the_database(make_app, db_path):
    import asyncio
    import subprocess
    import sys


    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#inspections", DataTable)
        assert table.row_count == 0
        # A demo made in another shell, while home is open: no r pressed.
        made = await asyncio.to_thread(subprocess.run, [
            sys.executable, "-m", "inspect_tui", "--db", str(db_path), "demo"],
            capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, made.stderr
        await until(lambda: table.row_count == 1, timeout=5)
        assert str(table.get_row_at(0)[0]).startswith("Larkfield")


async def test_the_home_watch_does_not_wait_for_a_long_read(make_app, demo_iid):
    """The once-a-second look for other processes' changes waited on the UI thread for
    whatever held the database (the list loading in a worker: every inspection read and
    checked), freezing the screen for as long; now it looks again a second later."""
    import threading

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        held, release, freed = threading.Event(), threading.Event(), threading.Event()

        def long_read() -> None:
            with app.backend.lock:  # as a worker's read holds it
                held.set()
                release.wait(2.0)
            freed.set()

        reader = threading.Thread(target=long_read)
        reader.start()
        held.wait(5.0)
        home.watch_database()  # on the UI thread, as its timer calls it
        assert not freed.is_set(), "the watch waited for the read to end"
        release.set()
        reader.join()


async def test_help_fits_80_columns_with_its_key_column(make_app, demo_iid):
    from inspect_tui.tui.screens.help import HelpScreen
    from inspect_tui.tui.screens.workspace import WorkspaceScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.query_one("#help-text", Static)
        lines = str(help_text.render()).splitlines()
        room = help_text.content_region.width
        assert max(len(line) for line in lines) <= room
        # A long key line goes on under its description, not under the key.
        at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Enter   "
                                                                                "       into"))
        assert lines[at + 1].startswith(" " * 17) and lines[at + 1].strip()
        # The screen it was opened from comes first, under "This screen".
        this = lines.index("This screen")
        first_own = WorkspaceScreen.HELP.splitlines()[0]
        assert lines[this + 1] == first_own[:room], (lines[this + 1], first_own)
        assert any(line.lstrip().startswith("F1 or ?") and "Ctrl+P" in line
                   for line in lines), "the global key line is one line at 80 columns"


async def test_key_lines_show_every_key_at_80x24(make_app, demo_iid):
    from textual.widgets import Footer

    from inspect_tui.tui.screens.workspace import KEYS
    from inspect_tui.tui.widgets.field_bar import FieldBar
    from inspect_tui.tui.widgets.keybar import KeyBar

    async def footer_keys_fit() -> None:
        footer = app.screen.query_one(Footer)
        # The footer fills in, and is laid out, once the new screen's bindings are known.
        await until(lambda: any(k.display and k.region.width for k in footer.query("FooterKey")))
        keys = [k for k in footer.query("FooterKey") if k.display]
        cut = [(str(k.render()), k.region) for k in keys
               if not (k.region.width and k.region.right <= 80)]
        assert keys and not cut

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        bar = ws.query_one(KeyBar)
        shown = str(bar.render())
        assert all(f"{key} {label}" in shown for key, label in KEYS)
        assert bar.region.bottom <= 24 and max(map(len, shown.splitlines())) <= 78
        await pilot.press("enter")  # into the finding: the field's own key line
        await pilot.pause()
        field_bar = ws.query_one(FieldBar)
        text = str(field_bar.render())
        for words in ("Finding", "3 Not met", "Tab next", "Esc back"):
            assert words in text
        assert max(map(len, text.splitlines())) <= 78
        await pilot.press("escape", "y")
        await pilot.pause()
        await footer_keys_fit()
        await pilot.press("escape", "v")
        await pilot.pause()
        await footer_keys_fit()


async def test_not_saved_shows_in_full_and_as_written(make_app, demo_iid):
    from inspect_tui.errors import Invalid

    from .conftest import wait_saved

    reason = "young person: case_code: 'Jade [b]Smith[/b]' looks like a name"

    def refused(_service) -> None:
        raise Invalid(reason)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        app.backend.change("refused", refused, now=True)
        await wait_saved(app, pilot)
        indicator = ws.query_one("#ws-saved", Static)
        shown = str(indicator.render())
        assert shown.startswith("✗ not saved") and "[b]" in shown  # nothing swallowed
        assert indicator.region.right <= 80
        # The bar has room for only part of the reason: the whole of it is said once.
        assert [n.message for n in app._notifications] == [f"Not saved: {reason}"]


async def test_the_young_people_list_fits_80_columns_with_a_new_row(make_app, demo_iid):
    """A row just added (sex and legal status not known) widened the Sex column by
    "Not known", and the legal status was cut ("Relevant chi") at 80 columns."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("y")
        await until(lambda: isinstance(app.screen, YoungPeopleScreen))
        table = app.screen.query_one("#yp-table", DataTable)
        rows = table.row_count
        await pilot.press("ctrl+n", *"LL-0470", "enter")
        await until(lambda: table.row_count == rows + 1)
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width, (
            table.virtual_size, table.scrollable_content_region)


async def test_the_classification_choices_stay_one_to_a_line_when_focused(make_app, demo_iid):
    """A form's choices go across; the classification's three go one to a line, and went
    across (the third cut at 80 columns, "Experien") once the cursor reached them."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("y", "c", "4", "tab")
        await until(lambda: getattr(app.screen.focused, "id", None) == "cl-classification")
        await pilot.pause()
        choices = app.screen.focused
        buttons = list(choices.children)
        assert len(buttons) == 3 and choices.region.height == 3, choices.region
        assert all(b.region.right <= 80 and b.region.width >= len(str(b.label)) for b in buttons)
