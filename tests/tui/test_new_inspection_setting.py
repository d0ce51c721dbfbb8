"""The new-inspection form carries the setting details the report states (issue 13)."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Checkbox, Collapsible, Input, Static, TextArea

from inspect_tui.domain.problems import setting_problems
from inspect_tui.tui.screens.new_inspection import NewInspectionScreen
from inspect_tui.tui.screens.workspace import WorkspaceScreen

from .conftest import TODAY, settle


def fill(screen, **values: str) -> None:
    for wid, value in values.items():
        screen.query_one(f"#{wid}", Input).value = value


async def test_setting_details_given_with_the_new_inspection(make_app, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewInspectionScreen)
        fill(screen, **{"provider-name": "Brook Street Homes", "provider-urn": "SC123456",
                        "registered-manager": "Ana Ruiz", "responsible-individual": "Ben Cole",
                        "service": "Shared flats for care leavers aged 16 and 17.",
                        "address": "Westmere", "previous-date": "2026-13-40",
                        "previous-outcome": "Consistently strong service delivery"})
        screen.query_one("#premises", TextArea).load_text("Flat 1 | 3 | Westmere")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # A bad date is refused in the form's words, beside its field, and nothing is made.
        error = str(screen.query_one("#previous-date-error", Static).render())
        assert error.startswith("✗ ") and "month" in error
        # The folded setting details open to show it, the cursor on the field.
        assert not screen.query_one("#new-setting", Collapsible).collapsed
        assert app.focused is screen.query_one("#previous-date", Input)
        assert tui_service.inspection_ids() == []
        fill(screen, **{"previous-date": (TODAY - timedelta(days=400)).isoformat()})
        screen.query_one("#enforcement-none", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
    [iid] = tui_service.inspection_ids()
    doc = tui_service.load(iid)
    p = doc.provider
    assert (p.registered_manager, p.responsible_individual, p.address) == (
        "Ana Ruiz", "Ben Cole", "Westmere")
    assert doc.previous_inspection.date == TODAY - timedelta(days=400)
    assert doc.previous_inspection.outcome == "Consistently strong service delivery"
    assert doc.enforcement.none and not doc.enforcement.actions
    # Everything the report states was given: the review list asks for nothing more
    # (categories are ticked on the form; here none were, so only they are missing).
    assert [pr.where for pr in setting_problems(doc)] == ["setting:categories"]


async def test_setting_details_left_blank_are_asked_for_later(make_app, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        fill(app.screen, **{"provider-name": "Heath Row Support", "provider-urn": "SC765432"})
        app.screen.query_one("#previous-none", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
    [iid] = tui_service.inspection_ids()
    doc = tui_service.load(iid)
    assert doc.previous_inspection.none
    missing = {pr.where for pr in setting_problems(doc)}
    assert "setting:registered_manager" in missing and "setting:enforcement" in missing
    assert "setting:previous_inspection" not in missing
