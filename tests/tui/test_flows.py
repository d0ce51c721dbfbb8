"""Pilot tests: every flow of the terminal UI, driven by keys as an inspector would."""

from __future__ import annotations

import re
import sys
import types
from datetime import timedelta

from testkit import type_text
from textual.color import Color
from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea, Tree

from inspect_tui.store import Event
from inspect_tui.tui.screens.actions import ActionForm, ActionsScreen
from inspect_tui.tui.screens.conflicts import ConflictsScreen
from inspect_tui.tui.screens.help import HelpScreen
from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.new_inspection import NewInspectionScreen
from inspect_tui.tui.screens.outcome import OutcomeScreen
from inspect_tui.tui.screens.profile import ProfileScreen
from inspect_tui.tui.screens.review import ReviewScreen
from inspect_tui.tui.screens.workspace import WorkspaceScreen
from inspect_tui.tui.screens.young_people import YoungPeopleScreen
from inspect_tui.tui.widgets.item_pane import ItemPane

from .conftest import TODAY, settle, until, wait_saved


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_demo(app, pilot) -> WorkspaceScreen:
    await settle(app, pilot)
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, WorkspaceScreen)
    return app.screen


# --- first run and home ----------------------------------------------------------------

async def test_first_run_asks_for_a_profile(tmp_path, catalogue):
    from inspect_tui.service import Service
    from inspect_tui.tui.app import InspectApp

    service = Service(tmp_path / "new.db", catalogue)
    app = InspectApp(service=service, today=TODAY, deterministic=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("enter")  # empty name: a message, not a crash
        await pilot.pause()
        assert "name" in text_of(app, "#profile-error")
        await type_text(app, "Jo Lindqvist")
        await pilot.press("tab", "down", "space")  # role: manager
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "No inspections yet" in text_of(app, "#home-empty")
    profile = service.profile()
    assert (profile.name, profile.role) == ("Jo Lindqvist", "manager")
    app.backend.close()
    service.close()


async def test_home_lists_archives_and_unarchives(make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#inspections", DataTable)
        assert table.row_count == 1
        row = table.get_row_at(0)
        assert row[0].startswith("Larkfield Lane") and row[1] == "2999901"
        assert row[4] == "Draft" and row[5].endswith("%")
        await pilot.press("a")  # a plain key changes nothing here
        await settle(app, pilot)
        assert table.row_count == 1 and not tui_service.load(demo_iid).archived
        await pilot.press("delete")
        await settle(app, pilot)
        assert table.row_count == 0
        assert tui_service.load(demo_iid).archived
        await pilot.press("h")
        await settle(app, pilot)
        assert "(archived)" in table.get_row_at(0)[4]
        await pilot.press("delete")
        await settle(app, pilot)
        assert not tui_service.load(demo_iid).archived


async def test_new_inspection_validates_then_opens(make_app, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewInspectionScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Every refused field at once, each beside its field, the cursor on the first.
        assert "required" in text_of(app, "#provider-name-error")
        assert "6 to 10" in text_of(app, "#provider-urn-error")
        assert app.screen.focused.id == "provider-name"
        await type_text(app, "Brook Street Homes")
        await pilot.press("tab")
        await type_text(app, "12")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "6 to 10" in text_of(app, "#provider-urn-error")
        assert not app.screen.query_one("#provider-name-error").display
        assert app.screen.focused.id == "provider-urn"
        assert app.screen.query_one("#provider-urn", Input).value == "12"  # kept as typed
        app.screen.query_one("#provider-urn", Input).value = "SC123456"
        app.screen.query_one("#premises", TextArea).load_text("Flat 1 | 9")
        app.screen.query_one("#lead", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "line 1" in text_of(app, "#premises-error")
        assert "required" in text_of(app, "#lead-error")  # checked although premises failed
        assert not tui_service.inspection_ids()  # nothing half-made
        app.screen.query_one("#lead", Input).value = "Sam Okafor"
        app.screen.query_one("#premises", TextArea).load_text("Flat 1 | 1 | Westmere")
        app.screen.query_one("#end-date", Input).value = (TODAY - timedelta(days=3)).isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "before" in text_of(app, "#end-date-error")
        assert app.screen.focused.id == "end-date"
        app.screen.query_one("#end-date", Input).value = TODAY.isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
    [iid] = tui_service.inspection_ids()
    doc = tui_service.load(iid)
    assert doc.provider.urn == "SC123456" and doc.premises[0].label == "Flat 1"
    assert doc.lead_inspector == "Sam Okafor"


async def test_new_inspection_form_fits_24_rows_with_its_errors(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#premises", TextArea).load_text("Flat 1 | 9")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen.query_one("#new-dialog")
        assert dialog.max_scroll_y == 0  # nothing is below the fold, errors and all
        for wid in ("provider-name", "provider-urn", "premises", "team", "create"):
            region = app.screen.query_one(f"#{wid}").region
            assert region.height and region.bottom <= 24, wid
        for wid in ("provider-name", "provider-urn", "premises"):
            box = app.screen.query_one(f"#{wid}-error")
            field = app.screen.query_one(f"#{wid}")
            # Beside its field: the line under it, not at the top of the form.
            assert box.display and 0 <= box.region.y - field.region.bottom <= 1, wid


# --- the workspace ---------------------------------------------------------------------

async def test_evidence_note_is_saved_as_typed(make_app, demo_iid, tui_service):
    app = make_app(save_delay=5.0)  # long enough to see "saving…" before the flush
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        item_id = ws.current[1]
        await pilot.press("enter", "tab")  # into the item: the finding, then the note
        await pilot.press(*"Saw the rota")
        saved = ws.query_one("#ws-saved", Static)
        assert "saving" in str(saved.render())
        colours = app.theme_variables
        assert saved.styles.color == Color.parse(colours["warning"])
        await wait_saved(app, pilot)
        assert "saved" in str(saved.render())
        assert saved.styles.color == Color.parse(colours["success"])
        assert tui_service.load(demo_iid).finding(item_id).note == "Saw the rota"
        # Typing on folds into the same event: edits, not keystrokes, in the log.
        before = len(tui_service.history(demo_iid))
        await type_text(app, " for March")
        await wait_saved(app, pilot)
        assert tui_service.load(demo_iid).finding(item_id).note == "Saw the rota for March"
        assert len(tui_service.history(demo_iid)) == before
        await pilot.press("escape", "f2")  # high contrast: that theme's own colour
        await pilot.pause()
        assert app.theme_variables["success"] != colours["success"]
        assert saved.styles.color == Color.parse(app.theme_variables["success"])


async def test_note_is_saved_within_the_delay_without_flushing(make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        item_id = ws.current[1]
        await pilot.press("enter", "tab")
        await type_text(app, "abc")
        # Nothing flushes here: the 300 ms timer alone hands the note to the writer.
        await until(lambda: tui_service.load(demo_iid).finding(item_id).note == "abc")


async def test_a_note_longer_than_its_box_scrolls_with_the_cursor(make_app, demo_iid,
                                                                  tui_service):
    """The note box redraws only itself when the text wraps to a new line (``NoteArea``):
    it must still grow its scrolling with the text, keep the cursor in sight, and show the
    scrollbar once the text is taller than the box."""
    from textual.widgets import TextArea

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        item_id = ws.current[1]
        await pilot.press("enter", "tab")
        note = ws.query_one("#note", TextArea)
        await until(lambda: app.focused is note)
        text = "The rota and the supervision notes agree. " * 12
        await type_text(app, text)
        await pilot.pause()
        assert note.wrapped_document.height > note.scrollable_content_region.height
        assert note.virtual_size.height == note.wrapped_document.height
        assert note.show_vertical_scrollbar
        assert note.scroll_y > 0  # scrolled down with the cursor
        row = note.wrapped_document.location_to_offset(note.cursor_location).y
        assert note.scroll_y <= row < note.scroll_y + note.scrollable_content_region.height
        await wait_saved(app, pilot)
        assert tui_service.load(demo_iid).finding(item_id).note == text
        # Shorter again: the scrolling shrinks with it.
        note.select_all()
        await pilot.press("backspace")
        await pilot.press(*"short")
        await pilot.pause()
        assert note.virtual_size.height == note.wrapped_document.height == 1
        assert note.scroll_y == 0 and not note.show_vertical_scrollbar


async def test_status_keys_sources_and_links(make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        ws = await open_demo(app, pilot)
        item_id = ws.current[1]
        await pilot.press("2")  # from the tree a digit changes nothing
        await wait_saved(app, pilot)
        assert tui_service.load(demo_iid).finding(item_id).status == "not_assessed"
        await pilot.press("enter", "2")  # in the finding it chooses
        await wait_saved(app, pilot)
        assert tui_service.load(demo_iid).finding(item_id).status == "partly_met"
        label = str(ws.query_one("#ws-tree", Tree).cursor_node.label)
        assert label.startswith("◐")
        sources = ws.query_one("#sources")
        sources.focus()
        await pilot.press("space")
        people = ws.query_one("#young-people")
        people.focus()
        await pilot.press("space")
        await wait_saved(app, pilot)
        finding = tui_service.load(demo_iid).finding(item_id)
        assert len(finding.sources) == 1 and len(finding.young_people) == 1


async def test_navigation_filter_and_jump(make_app, demo_iid, tui_service, catalogue):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        first = ws.current
        await pilot.press("n")
        assert ws.current != first
        await pilot.press("p")
        assert ws.current == first
        await pilot.press("f6", "f5")
        assert ws.current == first
        await pilot.press("u")
        assert tui_service.load(demo_iid).finding(ws.current[1]).status == "not_assessed"
        assert ws.current != first
        # Jump to a regulation by number.
        await pilot.press("g")
        await type_text(app, "27")
        await pilot.press("enter")
        await pilot.pause()
        assert catalogue.item(ws.current[1]).regulation.startswith("27")
        # Filter by text, then clear.
        await pilot.press("slash")
        await type_text(app, "DBS")
        await pilot.pause()
        assert 0 < len(ws.leaves) < 20
        await pilot.press("enter")
        await pilot.pause()
        assert ws.current == ws.leaves[0].data
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(ws.leaves) > 100
        # Filter by status: not met only.
        await pilot.press("f", "f")
        await pilot.pause()
        statuses = {tui_service.load(demo_iid).finding(leaf.data[1]).status
                    for leaf in ws.leaves}
        assert statuses == {"not_met"}
        await pilot.press("f", "f", "f")
        assert len(ws.leaves) > 100


async def test_checklist_answer_is_saved(make_app, demo_iid, tui_service, catalogue):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        ws = await open_demo(app, pilot)
        leaf = next(leaf for leaf in ws.leaves if leaf.data[0] == "check")
        ws.select_leaf(leaf)
        await pilot.pause()
        pane = ws.query_one(ItemPane)
        assert pane.kind == "check"
        ws.query_one("#answer-yes").value = True
        await pilot.pause()
        note = ws.query_one("#check-note", TextArea)
        note.focus()
        await type_text(app, "Seen", into=note)
        await wait_saved(app, pilot)
        checks = [c for c in tui_service.load(demo_iid).checks if c.item_id == leaf.data[1]]
        assert checks and checks[0].answer == "yes" and checks[0].note == "Seen"


# --- young people ----------------------------------------------------------------------

async def test_young_people_add_edit_and_cse_hook(make_app, demo_iid, tui_service,
                                                  monkeypatch):
    from inspect_tui.tui.screens import young_people

    monkeypatch.setattr(young_people, "cse_screen_class", lambda: None)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, YoungPeopleScreen)
        assert app.screen.query_one("#yp-table", DataTable).row_count == 6
        await pilot.press("ctrl+n")
        await type_text(app, "LL-0417")  # a duplicate code
        await pilot.press("enter")
        await pilot.pause()
        assert "already used" in text_of(app, "#prompt-error")  # kept, with the reason
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#yp-table", DataTable).row_count == 6
        await pilot.press("ctrl+n")
        await type_text(app, "LL-0999")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#yp-table", DataTable).row_count == 7
        assert app.focused.id == "yp-age"
        await type_text(app, "16")
        app.screen.query_one("#yp-sex", Select).value = "female"
        await wait_saved(app, pilot)
        person = next(y for y in tui_service.load(demo_iid).young_people
                      if y.case_code == "LL-0999")
        assert (person.age, person.sex) == (16, "female")
        # An invalid value is refused with its reason beside the field, and kept there.
        app.screen.query_one("#yp-age", Input).value = "44"
        await wait_saved(app, pilot)
        assert "not saved" in text_of(app, "#yp-age-error")
        assert app.screen.query_one("#yp-age", Input).value == "44"
        assert next(y for y in tui_service.load(demo_iid).young_people
                    if y.case_code == "LL-0999").age == 16
        await pilot.press("escape")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, YoungPeopleScreen)  # no CSE screen: a notice


async def test_cse_hook_opens_the_cse_screen_when_present(make_app, demo_iid, monkeypatch):
    from textual.screen import Screen

    from inspect_tui.tui.screens import young_people

    opened = []

    class FakeCse(Screen):
        def __init__(self, service, iid, yp_id):
            super().__init__()
            opened.append((iid, yp_id))

    monkeypatch.setattr(young_people, "cse_screen_class", lambda: FakeCse)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, FakeCse)
        assert opened and opened[0][0] == demo_iid


# --- areas for improvement, outcome ----------------------------------------------------

async def test_requirement_due_date_checked_and_saved(make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        before = len(tui_service.load(demo_iid).actions)
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm)
        form.query_one("#action-regulation", Select).clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "regulation" in text_of(app, "#action-error")
        form.query_one("#action-regulation", Select).value = "sa2023.r6.2.b.vi"
        form.query_one("#action-text", TextArea).load_text("Repair the window lock.")
        form.query_one("#action-due", Input).value = (TODAY - timedelta(days=1)).isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "in the past" in text_of(app, "#action-error")
        form.query_one("#action-due", Input).value = "next week"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a date" in text_of(app, "#action-error")
        form.query_one("#action-due", Input).value = (TODAY + timedelta(days=7)).isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        actions = tui_service.load(demo_iid).actions
        assert len(actions) == before + 1
        added = next(a for a in actions if a.regulation == "sa2023.r6.2.b.vi")
        # Edit it, then remove it.
        index = [a.id for a in actions].index(added.id)
        app.screen.query_one(DataTable).move_cursor(row=index)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#action-text", TextArea).load_text("Repair the lock in room 3.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert next(a for a in tui_service.load(demo_iid).actions
                    if a.id == added.id).text == "Repair the lock in room 3."
        await pilot.press("delete", "y", "enter")  # typed on: kept
        await pilot.pause()
        assert len(tui_service.load(demo_iid).actions) == before + 1
        await pilot.press("delete", "delete")
        await pilot.pause()
        assert len(tui_service.load(demo_iid).actions) == before


async def test_recommendation_added(make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("a", "m")
        await pilot.pause()
        form = app.screen
        form.query_one("#action-regulation", Select).value = "sa2023.r7"
        form.query_one("#action-text", TextArea).load_text("Involve children in reviews.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
    assert any(a.regulation == "sa2023.r7" and a.kind == "recommendation"
               for a in tui_service.load(demo_iid).actions)


async def test_outcome_and_rationale_saved(make_app, demo_iid, tui_service, catalogue):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        strongest = min(catalogue.outcomes.outcomes, key=lambda o: o.rank)
        app.screen.query_one(f"#outcome-{strongest.id}").value = True
        await pilot.pause()
        assert "The report will say" in text_of(app, "#outcome-sentence")
        sentence = text_of(app, "#outcome-sentence")
        assert f"within about {strongest.next_inspection_months} months" in sentence
        assert not re.search(r"\d{4}-\d{2}-\d{2}", sentence), "Ofsted gives no date"
        theme = catalogue.themes.themes[0].id
        area = app.screen.query_one(f"#rationale-{theme}", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await type_text(app, " More.", into=area)
        await wait_saved(app, pilot)
    doc = tui_service.load(demo_iid)
    assert doc.outcome.judgement == strongest.id
    assert doc.outcome.rationale[theme].endswith(" More.")


# --- review, workflow, conflicts, report -----------------------------------------------

async def test_review_lines_jump_to_the_place(make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        problems = tui_service.check(tui_service.load(demo_iid))
        # Inconsistencies come before the items not yet assessed.
        first = next(p for p in problems if p.kind != "not_assessed")
        assert text_of(app, "#review-count").endswith("not assessed")
        options = app.screen.query_one("#problems", OptionList)
        assert first.where in (options.get_option_at_index(0).id or "")
        first = next(p for p in problems if p.where.startswith("item:"))
        options.highlighted = next(i for i in range(options.option_count)
                                   if (options.get_option_at_index(i).id or "")
                                   .endswith("|" + first.where))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is ws and ws.current == ("item", first.where[5:])
        # A rationale line opens the outcome screen on that theme.
        tui_service.set_rationale(demo_iid, "help-and-protection", "")
        await pilot.press("v")
        await pilot.pause()
        options = app.screen.query_one("#problems", OptionList)
        index = next(i for i in range(options.option_count)
                     if "rationale:" in (options.get_option_at_index(i).id or ""))
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        assert app.focused.id == "rationale-help-and-protection"


async def test_submit_return_with_comment_and_approve(make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("R")  # an inspector cannot return
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y", "enter")  # asked first; typing on does not answer yes
        await pilot.pause()
        assert tui_service.load(demo_iid).status == "draft"
        await pilot.press("s", "ctrl+y")
        await pilot.pause()
        assert tui_service.load(demo_iid).status == "submitted"
        tui_service.set_profile("Alex Manager", "manager")
        await pilot.press("escape", "v")  # the review list as the manager opens it
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        await type_text(app, "Add the DBS dates")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tui_service.load(demo_iid).status == "returned"
        comments = text_of(app, "#workflow-comments")
        assert "Returned by Alex Manager" in comments and "DBS dates" in comments
        await pilot.press("s", "ctrl+y")
        await pilot.pause()
        await pilot.press("A", "ctrl+y")
        await pilot.pause()
        assert tui_service.load(demo_iid).status == "approved"


async def test_conflict_is_shown_and_resolved(make_app, demo_iid, tui_service):
    item = "sa2023.r4.2.a"
    entity_id = f"{demo_iid}/finding/{item}"
    [head] = tui_service.store.heads(entity_id, "note")
    tui_service.set_finding(demo_iid, item, note="Local view")
    other = Event("otherdevice-1", demo_iid, "finding", entity_id, "note", "Colleague's view",
                  (head.id,), "Jo Lindqvist", "otherdevice", 1, "2026-11-20T10:00:00.000Z")
    tui_service.store.merge([other])
    assert tui_service.conflicts(demo_iid)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        ws = await open_demo(app, pilot)
        assert "conflicts" in text_of(app, "#ws-status")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsScreen)
        options = app.screen.query_one(OptionList)
        index = next(i for i in range(options.option_count)
                     if "Colleague" in str(options.get_option_at_index(i).prompt))
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert not tui_service.conflicts(demo_iid)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is ws and "conflicts" not in text_of(app, "#ws-status")
    assert tui_service.load(demo_iid).finding(item).note == "Colleague's view"


async def test_report_runs_in_a_worker_with_progress(make_app, demo_iid, monkeypatch,
                                                     tmp_path):
    calls = []

    def generate_report(service, iid, output_path, audience="manager", progress=None):
        for step in (0.25, 0.5, 1.0):
            progress(step, f"step {step}")
        output_path.write_bytes(b"%PDF-1.4 fake")
        calls.append((iid, audience))
        return output_path

    fake = types.ModuleType("inspect_tui.service.reports")
    fake.generate_report = generate_report
    monkeypatch.setitem(sys.modules, "inspect_tui.service.reports", fake)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert calls == [(demo_iid, "manager")]
        label = text_of(app, "#ws-report-label")
        assert "DRAFT report saved" in label and "-DRAFT.pdf" in label
        assert ws.report_path().read_bytes().startswith(b"%PDF")


async def test_report_failure_is_shown_not_raised(make_app, demo_iid, monkeypatch):
    def generate_report(*args, **kwargs):
        raise RuntimeError("fonts missing")

    fake = types.ModuleType("inspect_tui.service.reports")
    fake.generate_report = generate_report
    monkeypatch.setitem(sys.modules, "inspect_tui.service.reports", fake)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "fonts missing" in text_of(app, "#ws-report-label")


# --- help, palette, theme, quitting ----------------------------------------------------

async def test_help_lists_every_key_and_palette_lists_screens(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        titles = [c.title for c in app.get_system_commands(ws)]
        for wanted in ("Young people", "Areas for improvement", "Outcome", "Review list",
                       "Conflicts", "Generate report", "Next unassessed item",
                       "Go to regulation", "High-contrast theme", "Help: every key"):
            assert wanted in titles
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = text_of(app, "#help-text")
        for key in ("next item not yet assessed", "CSE & safeguarding", "approve",
                    "Ctrl+Q", "high-contrast", "jump to a regulation"):
            assert key.lower() in text.lower()
        await pilot.press("escape")
        assert app.screen is ws
        await pilot.press("f2")
        assert app.theme == "inspect-high-contrast"
        await pilot.press("f2")
        assert app.theme != "inspect-high-contrast"


async def test_quit_waits_for_pending_saves(make_app, demo_iid, tui_service):
    app = make_app(save_delay=5.0)  # a timer that would not fire before quitting
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        item_id = ws.current[1]
        await pilot.press("enter", "tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "note"  # typing lands there
        await type_text(app, "last words")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert tui_service.load(demo_iid).finding(item_id).note == "last words"


async def test_opening_screens_writes_nothing(make_app, demo_iid, tui_service):
    """Looking is not editing: widgets that announce their first value on mount must not
    be taken for edits (the young people screen once overwrote ethnicity this way)."""
    before = len(tui_service.history(demo_iid))
    people = [y.model_dump() for y in tui_service.load(demo_iid).young_people]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        for key in ("y", "down", "down", "escape", "a", "escape", "o", "escape", "v",
                    "escape", "n", "n", "p"):
            await pilot.press(key)
            await pilot.pause()
        await app.backend.wait_idle()
    assert len(tui_service.history(demo_iid)) == before
    assert [y.model_dump() for y in tui_service.load(demo_iid).young_people] == people


async def test_reopening_returns_to_the_last_item(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        await pilot.press("n", "n", "n")
        where = ws.current
        await pilot.press("escape")
        await pilot.pause()
        ws = await open_demo(app, pilot)
        assert ws.current == where


async def test_requirement_from_an_item_starts_on_that_item(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        item_id = ws.current[1]
        await pilot.press("a", "r")
        await pilot.pause()
        assert app.screen.query_one("#action-regulation", Select).value == item_id
        assert app.focused.id == "action-text"
