"""Pilot tests of the CSE & safeguarding screen: keyboard-first, saved as typed, the IICSA
prompt, one-line date errors and inline language flags."""

from __future__ import annotations

from datetime import date

import pytest

from inspect_tui.service import Service
from inspect_tui.service.demo import create_demo
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.cse import CseScreen, ReasonScreen

TODAY = date(2026, 11, 27)


@pytest.fixture
def svc(tmp_path, catalogue):
    service = Service(tmp_path / "tui.db", catalogue)
    service.set_profile("Sam Okafor", "inspector")
    yield service
    service.close()


@pytest.fixture
def setup(svc):
    iid = create_demo(svc, today=TODAY)
    yp = next(y.id for y in svc.load(iid).young_people if y.case_code == "LL-0417")
    app = InspectApp(service=svc, today=TODAY, deterministic=True, save_delay=0.05)
    yield app, iid, yp
    app.backend.close()


async def open_screen(app, pilot, svc, iid, yp):
    await pilot.pause()
    app.push_screen(CseScreen(svc, iid, yp))
    await until(pilot, lambda: isinstance(app.screen, CseScreen)
                and app.screen.case_code == "LL-0417")
    return app.screen


async def until(pilot, predicate, tries: int = 50):
    """Pause until ``predicate()`` holds (screens mount a little later on a busy machine)."""
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause(0.05)
    assert predicate()


async def settle(app, pilot):
    await app.backend.wait_idle()
    await pilot.pause()


async def test_answers_indicators_from_the_keyboard(setup, svc):
    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, svc, iid, yp)
        await pilot.press("k", "p")  # first row not known, second present
        await settle(app, pilot)
        rec = svc.load(iid).cse_record(yp)
        assert rec.indicators["cse.vuln.prior-abuse"].answer == "not_known"
        assert rec.indicators["cse.vuln.no-safe-home"].answer == "present"
        # Enter edits the date noted; a bad date is a one-line error and is not saved
        await pilot.press("enter", *"2026-13-01")
        await settle(app, pilot)
        error = str(app.screen.query_one("#ind-error").render())
        assert "is not a date (use YYYY-MM-DD)" in error
        assert "cse.vuln.bereavement" not in svc.load(iid).cse_record(yp).indicators
        await pilot.press(*["backspace"] * 5, *"10-01")
        await settle(app, pilot)
        assert str(app.screen.query_one("#ind-error").render()) == ""
        noted = svc.load(iid).cse_record(yp).indicators["cse.vuln.bereavement"].noted_on
        assert noted == date(2026, 10, 1)


async def test_iicsa_prompt_requires_a_reason(setup, svc):
    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, svc, iid, yp)
        await pilot.press("4", "up", "enter")  # "At heightened risk"
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        assert "IICSA" in str(app.screen.query_one("#reason-explanation").render())
        await pilot.press("escape")  # keep the classification
        await pilot.pause()
        assert isinstance(app.screen, CseScreen)
        assert svc.load(iid).cse_record(yp).classification == "experiencing_exploitation"
        assert app.screen.query_one("#cl-experiencing_exploitation").value is True
        await pilot.press("up", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)  # an empty reason is refused
        await pilot.press(*"Peer of the same age; police found no adult involved")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        rec = svc.load(iid).cse_record(yp)
        assert rec.classification == "heightened_risk"
        assert rec.override_reason.startswith("Peer of the same age")


async def test_missing_episode_added_and_saved_as_typed(setup, svc):
    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, svc, iid, yp)
        await pilot.press("2", "a")
        await settle(app, pilot)
        assert len(svc.load(iid).cse_record(yp).missing_episodes) == 5
        await pilot.press(*"2026-11-20 21:15")
        await settle(app, pilot)
        episodes = svc.load(iid).cse_record(yp).missing_episodes
        assert any(e.went_missing_at and e.went_missing_at.hour == 21
                   and e.went_missing_at.minute == 15 for e in episodes)
        await pilot.press("tab", *"2026-11-19 08:00")  # before it started
        await settle(app, pilot)
        assert "before the young person went missing" in str(
            app.screen.query_one("#ep-error").render())
        assert all(e.returned_at is None or e.returned_at.day != 19
                   for e in svc.load(iid).cse_record(yp).missing_episodes)


async def test_language_flags_show_as_you_type(setup, svc):
    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, svc, iid, yp)
        note = screen.query_one("#cl-note")
        await pilot.press("4")
        note.focus()
        await pilot.press(*"Staff say she is putting herself at risk.")
        await settle(app, pilot)
        flags = screen.query_one("#cl-note-flags")
        assert flags.display and [f.phrase_id for f in flags.flags] == ["putting-self-at-risk"]
        assert "putting herself at risk" in svc.load(iid).cse_record(yp).risk_management_note
        note.load_text('Records say "she is putting herself at risk".')
        await pilot.pause()
        assert not flags.flags


async def test_young_people_screen_opens_it_with_c(setup, svc):
    from inspect_tui.tui.screens.young_people import YoungPeopleScreen

    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(YoungPeopleScreen(iid, select=yp))
        await until(pilot, lambda: isinstance(app.screen, YoungPeopleScreen))
        await pilot.pause()
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CseScreen))
        assert app.screen.yp_id == yp
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, YoungPeopleScreen))


async def test_flags_under_the_evidence_note_and_rationale(setup, svc):
    from inspect_tui.tui.screens.outcome import OutcomeScreen
    from inspect_tui.tui.screens.workspace import WorkspaceScreen

    app, iid, yp = setup
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(WorkspaceScreen(iid))
        await until(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.pause()
        app.screen.go_to_item("sa2023.r5.2.f.ii")
        await pilot.pause()
        flags = app.screen.query_one("#note-flags")
        assert not flags.flags  # the demo quotes the provider's "putting herself at risk"
        app.screen.query_one("#note").focus()
        await pilot.press("end", *" She is streetwise.")
        await pilot.pause()
        assert [f.phrase_id for f in flags.flags] == ["streetwise"] and flags.display
        app.push_screen(OutcomeScreen(iid, theme="help-and-protection"))
        await pilot.pause()
        area = app.screen.query_one("#rationale-help-and-protection")
        area.focus()
        await pilot.press(*"Her lifestyle choice. ")
        assert "lifestyle choice" in area.text, (app.screen.focused, area.text)
        await pilot.pause()
        assert [f.phrase_id for f in app.screen.query_one(
            "#flags-help-and-protection").flags] == ["lifestyle-choice"]
        await settle(app, pilot)
    problems = {p.kind: p for p in svc.check(svc.load(iid)) if p.kind == "language"}
    assert problems


async def test_review_list_jumps_to_the_cse_screen(setup, svc):
    from inspect_tui.tui.screens.workspace import WorkspaceScreen
    from inspect_tui.tui.screens.young_people import YoungPeopleScreen

    app, iid, yp = setup
    problem = next(p for p in svc.check(svc.load(iid)) if p.kind == "cse_no_notification")
    assert problem.where == f"cse:{yp}"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(WorkspaceScreen(iid))
        await until(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.pause()
        app.screen.go_to(problem.where)
        await until(pilot, lambda: isinstance(app.screen, CseScreen))
        assert app.screen.yp_id == yp
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, YoungPeopleScreen))


async def test_notifications_and_core_data_from_the_keyboard(setup, svc):
    from textual.widgets import Select

    app, iid, yp = setup
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, svc, iid, yp)
        await pilot.press("3", "a")
        await settle(app, pilot)
        [note] = svc.load(iid).cse_record(yp).notifications
        assert note.kind == "reg27_ofsted" and note.made_at is None
        await pilot.press("tab", *"2026-11-01 10:00", "tab", *"2026-11-01 20:00")
        await settle(app, pilot)
        note = svc.load(iid).cse_record(yp).notification(note.id)
        assert note.within_24h is True
        screen.query_one("#nt-kind", Select).value = "police"
        await settle(app, pilot)
        assert svc.load(iid).cse_record(yp).notification(note.id).kind == "police"
        await pilot.press("escape", "5")
        await pilot.pause()
        assert screen.query_one("#core-number").has_focus
        await pilot.press("backspace", "2")
        await settle(app, pilot)
        assert svc.load(iid).cse_record(yp).perpetrators.number == 2
        await pilot.press("escape", "a")
        await settle(app, pilot)
        perps = svc.load(iid).cse_record(yp).perpetrators.perpetrators
        assert len(perps) == 2
        screen.query_one("#pp-age_band", Select).value = "18_to_24"
        await settle(app, pilot)
        ages = {p.age_band for p in svc.load(iid).cse_record(yp).perpetrators.perpetrators}
        assert "18_to_24" in ages
        await pilot.press("escape", "a")  # a third is refused: the number says two
        await settle(app, pilot)
        assert len(svc.load(iid).cse_record(yp).perpetrators.perpetrators) == 2


async def test_review_list_opens_the_tab_the_problem_is_about(setup, svc):
    from textual.widgets import OptionList, TabbedContent

    from inspect_tui.tui.screens.review import ReviewScreen
    from inspect_tui.tui.screens.workspace import WorkspaceScreen

    app, iid, yp = setup
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(WorkspaceScreen(iid))
        await until(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.pause()
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.pause()
        options = app.screen.query_one("#problems", OptionList)
        late = next(i for i in range(options.option_count)
                    if "Interview late" in str(options.get_option_at_index(i).prompt))
        options.highlighted = late
        options.focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CseScreen))
        await pilot.pause()
        assert app.screen.query_one("#cse-tabs", TabbedContent).active == "tab-missing"
