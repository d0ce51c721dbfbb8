"""Pilot tests of the CSE & safeguarding screen: keyboard-first, saved as typed, the IICSA
prompt, one-line date errors and inline language flags."""

from __future__ import annotations

from datetime import date

import pytest
from testkit import type_text, until, wait_saved

from inspect_tui.tui.screens.cse import CseScreen, ReasonScreen


@pytest.fixture
def setup(service, demo_id, make_app):
    yp = next(y.id for y in service.load(demo_id).young_people if y.case_code == "LL-0417")
    return make_app(save_delay=0.05), demo_id, yp


async def open_screen(app, pilot, service, iid, yp):
    await pilot.pause()
    app.push_screen(CseScreen(service, iid, yp))
    await until(lambda: isinstance(app.screen, CseScreen)
                and app.screen.case_code == "LL-0417")
    return app.screen


def row_of(screen, item_id: str) -> int:
    return [i.id for i in screen.items].index(item_id)


async def test_answers_indicators_in_the_form_bound_to_the_row(setup, service):
    from textual.widgets import DataTable

    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, service, iid, yp)
        table = screen.query_one("#ind-table", DataTable)
        await pilot.press("p", "n", "k")  # on the list, plain keys change nothing
        await wait_saved(app, pilot)
        assert "cse.vuln.no-safe-home" not in service.load(iid).cse_record(yp).indicators
        await pilot.press("down", "enter", "p")  # into the row's Answer; p is present
        await wait_saved(app, pilot)
        rec = service.load(iid).cse_record(yp)
        assert rec.indicators["cse.vuln.no-safe-home"].answer == "present"
        assert table.cursor_row == 1  # the choice did not move the list
        assert "No safe, stable home" in str(screen.query_one("#ind-form .form-title")
                                             .render())
        await pilot.press("f6", "n")  # the next row, the same field
        await wait_saved(app, pilot)
        assert service.load(iid).cse_record(yp).indicators[
            "cse.vuln.bereavement"].answer == "not_present"
        # A bad date stays in its field with the reason beside it, and is not saved.
        await pilot.press("tab")
        await type_text(app, "2026-13-01")
        await wait_saved(app, pilot)
        error = str(screen.query_one("#ind-noted_on-error").render())
        assert "is not a date (use YYYY-MM-DD)" in error and "not saved" in error
        assert screen.query_one("#ind-noted_on").value == "2026-13-01"
        assert service.load(iid).cse_record(yp).indicators["cse.vuln.bereavement"].noted_on is None
        await pilot.press(*["backspace"] * 5)
        await type_text(app, "10-01")
        await wait_saved(app, pilot)
        assert not screen.query_one("#ind-noted_on-error").display
        noted = service.load(iid).cse_record(yp).indicators["cse.vuln.bereavement"].noted_on
        assert noted == date(2026, 10, 1)


async def test_a_date_lands_on_the_indicator_it_was_given_to(setup, service):
    """The demo bug: the date given to "Pregnancy or termination" landed on "Sexual
    assault", because choosing an answer moved the list to the next row."""
    from textual.widgets import DataTable

    app, iid, yp = setup
    pregnancy, after = "cse.harm.pregnancy-termination", None
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, service, iid, yp)
        index = row_of(screen, pregnancy)
        after = screen.items[index + 1].id
        before = service.load(iid).cse_record(yp).indicators.get(after)
        screen.query_one("#ind-table", DataTable).move_cursor(row=index)
        await pilot.pause()
        await pilot.press("enter", "p", "tab")
        await type_text(app, "2026-09-14")
        await wait_saved(app, pilot)
        indicators = service.load(iid).cse_record(yp).indicators
        assert indicators[pregnancy].answer == "present"
        assert indicators[pregnancy].noted_on == date(2026, 9, 14)
        assert indicators.get(after) == before


async def test_iicsa_prompt_requires_a_reason(setup, service):
    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, service, iid, yp)
        await pilot.press("4", "h")  # a digit shows the tab; the letter after it is no choice
        await wait_saved(app, pilot)
        assert service.load(iid).cse_record(yp).classification == "experiencing_exploitation"
        await pilot.press("enter", "h")  # into the classification: "At heightened risk"
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        assert "IICSA" in str(app.screen.query_one("#reason-explanation").render())
        await pilot.press("escape")  # keep the classification
        await pilot.pause()
        assert isinstance(app.screen, CseScreen)
        assert service.load(iid).cse_record(yp).classification == "experiencing_exploitation"
        assert screen.query_one("#cl-classification").value == "experiencing_exploitation"
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)  # an empty reason is refused
        await type_text(app, "Peer of the same age; police found no adult involved")
        await pilot.press("ctrl+s")
        await wait_saved(app, pilot)
        rec = service.load(iid).cse_record(yp)
        assert rec.classification == "heightened_risk"
        assert rec.override_reason.startswith("Peer of the same age")


async def test_missing_episode_added_and_saved_as_typed(setup, service):
    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, service, iid, yp)
        await pilot.press("2", "a")  # a plain letter adds nothing
        await wait_saved(app, pilot)
        assert len(service.load(iid).cse_record(yp).missing_episodes) == 4
        await pilot.press("ctrl+n")
        await wait_saved(app, pilot)
        assert len(service.load(iid).cse_record(yp).missing_episodes) == 5
        await type_text(app, "2026-11-20 21:15")
        await wait_saved(app, pilot)
        episodes = service.load(iid).cse_record(yp).missing_episodes
        assert any(e.went_missing_at and e.went_missing_at.hour == 21
                   and e.went_missing_at.minute == 15 for e in episodes)
        assert "2026-11-20 21:15" in str(screen.query_one("#ep-form .form-title").render())
        await pilot.press("tab")
        await type_text(app, "2026-11-19 08:00")  # before it started
        await wait_saved(app, pilot)
        error = str(screen.query_one("#ep-returned_at-error").render())
        assert "before the young person went missing" in error  # the model's own words
        assert all(e.returned_at is None or e.returned_at.day != 19
                   for e in service.load(iid).cse_record(yp).missing_episodes)


async def test_language_flags_show_as_you_type(setup, service):
    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, service, iid, yp)
        await pilot.press("4")  # the tab's pane is built when it is first shown
        note = screen.query_one("#cl-risk_management_note")
        note.focus()
        await type_text(app, "Staff say she is putting herself at risk.", into=note)
        await wait_saved(app, pilot)
        flags = screen.query_one("#cl-risk_management_note-flags")
        assert flags.display and [f.phrase_id for f in flags.flags] == ["putting-self-at-risk"]
        assert "putting herself at risk" in service.load(iid).cse_record(yp).risk_management_note
        note.load_text('Records say "she is putting herself at risk".')
        await pilot.pause()
        assert not flags.flags


async def test_young_people_screen_opens_it_with_c(setup, service):
    from inspect_tui.tui.screens.young_people import YoungPeopleScreen

    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(YoungPeopleScreen(iid, select=yp))
        await until(lambda: isinstance(app.screen, YoungPeopleScreen))
        await pilot.pause()
        await pilot.press("c")
        await until(lambda: isinstance(app.screen, CseScreen))
        assert app.screen.yp_id == yp
        await pilot.press("escape")
        await until(lambda: isinstance(app.screen, YoungPeopleScreen))


async def test_flags_under_the_evidence_note_and_rationale(setup, service):
    from inspect_tui.tui.screens.outcome import OutcomeScreen
    from inspect_tui.tui.screens.workspace import WorkspaceScreen

    app, iid, yp = setup
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(WorkspaceScreen(iid))
        await until(lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.pause()
        app.screen.go_to_item("sa2023.r5.2.f.ii")
        await pilot.pause()
        flags = app.screen.query_one("#note-flags")
        assert not flags.flags  # the demo quotes the provider's "putting herself at risk"
        app.screen.query_one("#note").focus()
        await pilot.press("end")
        await type_text(app, " She is streetwise.")
        await pilot.pause()
        assert [f.phrase_id for f in flags.flags] == ["streetwise"] and flags.display
        app.push_screen(OutcomeScreen(iid, theme="help-and-protection"))
        await pilot.pause()
        area = app.screen.query_one("#rationale-help-and-protection")
        area.focus()
        await type_text(app, "Her lifestyle choice. ", into=area)
        assert "lifestyle choice" in area.text, (app.screen.focused, area.text)
        await pilot.pause()
        assert [f.phrase_id for f in app.screen.query_one(
            "#flags-help-and-protection").flags] == ["lifestyle-choice"]
        await wait_saved(app, pilot)
    problems = {p.kind: p for p in service.check(service.load(iid)) if p.kind == "language"}
    assert problems


async def test_review_list_jumps_to_the_cse_screen(setup, service):
    from textual.widgets import OptionList

    from inspect_tui.tui.screens.review import ReviewScreen
    from inspect_tui.tui.screens.workspace import WorkspaceScreen

    app, iid, yp = setup
    problem = next(p for p in service.check(service.load(iid)) if p.kind == "cse_no_notification")
    assert problem.where == f"cse:{yp}"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(WorkspaceScreen(iid))
        await until(lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.pause()
        await pilot.press("v")
        await until(lambda: isinstance(app.screen, ReviewScreen))
        options = app.screen.query_one("#problems", OptionList)
        options.highlighted = next(i for i in range(options.option_count)
                                   if (options.get_option_at_index(i).id or "")
                                   .endswith("|" + problem.where))
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, CseScreen))
        assert app.screen.yp_id == yp
        # Escape goes back where the inspector came from: the review list.
        await pilot.press("escape")
        await until(lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("escape")
        await until(lambda: isinstance(app.screen, WorkspaceScreen))


async def test_notifications_and_core_data_from_the_keyboard(setup, service):
    from textual.widgets import Select

    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, service, iid, yp)
        await pilot.press("3", "ctrl+n")
        await wait_saved(app, pilot)
        [note] = service.load(iid).cse_record(yp).notifications
        assert note.kind == "reg27_ofsted" and note.made_at is None
        await pilot.press("tab")
        await type_text(app, "2026-11-01 10:00")
        await pilot.press("tab")
        await type_text(app, "2026-11-01 20:00")
        await wait_saved(app, pilot)
        note = service.load(iid).cse_record(yp).notification(note.id)
        assert note.within_24h is True
        screen.query_one("#nt-kind", Select).value = "police"
        await wait_saved(app, pilot)
        assert service.load(iid).cse_record(yp).notification(note.id).kind == "police"
        await pilot.press("escape", "5")
        await pilot.pause()
        assert screen.query_one("#pp-table").has_focus  # the list, not a field
        screen.query_one("#core-number").focus()
        await pilot.pause()
        await pilot.press("backspace", "2")
        await wait_saved(app, pilot)
        assert service.load(iid).cse_record(yp).perpetrators.number == 2
        await pilot.press("backspace", "0")  # fewer than described: the model says so
        await wait_saved(app, pilot)
        assert "fewer than the 1 perpetrators described" in str(
            screen.query_one("#core-number-error").render())
        assert service.load(iid).cse_record(yp).perpetrators.number is None  # the empty field
        await pilot.press("backspace", "2", "escape", "ctrl+n")
        await wait_saved(app, pilot)
        perps = service.load(iid).cse_record(yp).perpetrators.perpetrators
        assert len(perps) == 2
        screen.query_one("#pp-age_band", Select).value = "18_to_24"
        await wait_saved(app, pilot)
        ages = {p.age_band for p in service.load(iid).cse_record(yp).perpetrators.perpetrators}
        assert "18_to_24" in ages
        await pilot.press("escape", "ctrl+n")  # a third is refused: the number says two
        await wait_saved(app, pilot)
        assert len(service.load(iid).cse_record(yp).perpetrators.perpetrators) == 2


async def test_removing_takes_a_deliberate_key_twice(setup, service):
    """The demo bug: "d" opened "Remove this perpetrator?" and the "y" of "by" said yes."""
    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, service, iid, yp)
        await pilot.press("5", *"d by day", "delete", *"yes by", "enter")
        await wait_saved(app, pilot)
        assert isinstance(app.screen, CseScreen)
        assert len(service.load(iid).cse_record(yp).perpetrators.perpetrators) == 1
        await pilot.press("delete", "delete")
        await wait_saved(app, pilot)
        assert service.load(iid).cse_record(yp).perpetrators.perpetrators == []


async def test_review_list_opens_the_tab_the_problem_is_about(setup, service):
    from textual.widgets import OptionList, TabbedContent

    from inspect_tui.tui.screens.review import ReviewScreen
    from inspect_tui.tui.screens.workspace import WorkspaceScreen

    app, iid, yp = setup
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(WorkspaceScreen(iid))
        await until(lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.pause()
        await pilot.press("v")
        await until(lambda: isinstance(app.screen, ReviewScreen))
        await pilot.pause()
        options = app.screen.query_one("#problems", OptionList)
        late = next(i for i in range(options.option_count)
                    if "Interview late" in str(options.get_option_at_index(i).prompt))
        options.highlighted = late
        options.focus()
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, CseScreen))
        await pilot.pause()
        assert app.screen.query_one("#cse-tabs", TabbedContent).active == "tab-missing"


async def test_indicator_names_use_the_width_there_is(setup, service):
    """At 80 columns a long name is cut with an ellipsis (the form names it in full); on a
    wider terminal the column grows and the name is whole."""
    from textual.widgets import DataTable

    app, iid, yp = setup
    disability = "cse.vuln.disability"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, service, iid, yp)
        table = screen.query_one("#ind-table", DataTable)
        title = screen.items[row_of(screen, disability)].title
        assert len(title) > 60

        def shown() -> str:
            return str(table.get_row(disability)[1])

        assert shown().endswith("…") and title.startswith(shown()[:-1])
        await pilot.resize_terminal(140, 30)
        await until(lambda: shown() == title)
