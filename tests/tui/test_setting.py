"""The setting details screen: opened from the workspace (d, the palette, the review list),
saved as typed through the backend, errors beside the field, fits 80x24."""

from __future__ import annotations

from testkit import type_text
from textual.widgets import Checkbox, Input, Static

from inspect_tui.tui.screens.home import HomeScreen
from inspect_tui.tui.screens.setting import SettingScreen
from inspect_tui.tui.screens.workspace import WorkspaceScreen

from .conftest import settle, wait_saved


async def open_setting(app, pilot, where: str | None = None) -> SettingScreen:
    await settle(app, pilot)
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, WorkspaceScreen)
    if where:
        app.screen.go_to(where)
    else:
        await pilot.press("d")
    await pilot.pause()
    assert isinstance(app.screen, SettingScreen)
    return app.screen


def error_of(screen, wid: str) -> str:
    box = screen.query_one(f"#{wid}-error", Static)
    return str(box.render()) if box.display else ""


async def test_typed_details_are_saved(make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setting(app, pilot)
        manager = screen.query_one("#set-registered_manager", Input)
        assert app.focused is manager
        manager.value = ""
        await type_text(app, "Ana Ruiz", into=manager)
        await wait_saved(app, pilot)
        assert tui_service.load(demo_iid).provider.registered_manager == "Ana Ruiz"
        # typing is folded into one edit, not one event per key
        events = [e for e in tui_service.history(demo_iid) if e.field == "registered_manager"]
        assert len(events) <= 3


async def test_a_refused_value_says_why_beside_its_field_and_is_not_saved(
        make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setting(app, pilot, "setting:categories")
        categories = screen.query_one("#set-categories", Input)
        assert app.focused is categories
        categories.value = "1,9"
        await wait_saved(app, pilot)
        assert "1 to 4" in error_of(screen, "set-categories")
        categories.value = "one"
        await wait_saved(app, pilot)
        assert "numbers 1-4" in error_of(screen, "set-categories")
        assert tui_service.load(demo_iid).provider.categories == [1, 2, 4]
        categories.value = "1,3"
        await wait_saved(app, pilot)
        assert error_of(screen, "set-categories") == ""
        assert tui_service.load(demo_iid).provider.categories == [1, 3]


async def test_previous_inspection_from_none_to_a_date(make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setting(app, pilot, "setting:previous_inspection")
        date_input = screen.query_one("#set-previous_date", Input)
        assert date_input.disabled  # the demo is a first inspection
        first = screen.query_one("#set-previous_none", Checkbox)
        assert app.focused is first
        await pilot.press("space")
        await wait_saved(app, pilot)
        assert not date_input.disabled
        date_input.value = "2026-12-30"  # after this inspection started
        await wait_saved(app, pilot)
        assert "before this one starts" in error_of(screen, "set-previous_date")
        date_input.value = "2024-02-3"
        await wait_saved(app, pilot)
        assert "YYYY-MM-DD" in error_of(screen, "set-previous_date")
        date_input.value = "2024-02-29"
        screen.query_one("#set-previous_outcome", Input).value = "Consistently strong"
        await wait_saved(app, pilot)
        previous = tui_service.load(demo_iid).previous_inspection
        assert (previous.none, str(previous.date), previous.outcome) == (
            False, "2024-02-29", "Consistently strong")
        problems = [p.where for p in tui_service.check(tui_service.load(demo_iid))]
        assert "setting:previous_inspection" not in problems


async def test_fits_80x24(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setting(app, pilot)
        body = screen.query_one("#set-body")
        assert body.virtual_size.height <= body.size.height, "the form scrolls at 80x24"
        for wid in ("set-enforcement_actions", "set-categories-key"):
            widget = screen.query_one(f"#{wid}")
            assert widget.region.bottom <= 23, wid
