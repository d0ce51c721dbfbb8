"""A whole inspection through the UI: new inspection → every item → outcome → clean review."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static, TextArea

from inspect_tui.tui.screens.outcome import OutcomeScreen
from inspect_tui.tui.screens.review import ReviewScreen
from inspect_tui.tui.screens.workspace import WorkspaceScreen

from .conftest import settle, wait_saved


async def test_new_inspection_to_a_clean_review_list(make_app, tui_service, catalogue):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Heath Row Support")
        app.screen.query_one("#provider-urn", Input).value = "SC765432"
        app.screen.query_one("#premises", TextArea).load_text("Heath House | 2 | Westmere")
        await pilot.press("ctrl+s")
        await pilot.pause()
        ws = app.screen
        assert isinstance(ws, WorkspaceScreen)
        iid = ws.iid
        total = sum(1 for _ in catalogue.items())
        # Walk: met for every item, with a short note, using the keys an inspector uses.
        for _ in range(total):
            await pilot.press("1", "e", *"ok", "escape", "u")
        await wait_saved(app, pilot)
        doc = tui_service.load(iid)
        assert sum(1 for f in doc.findings if f.status == "met") == total
        assert "100% assessed" in str(ws.query_one("#ws-status", Static).render())
        # Outcome and one paragraph per theme.
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        await pilot.press("enter")  # the highlighted (strongest) outcome
        for _theme in catalogue.themes.themes:
            await pilot.press("tab", *"Children do well.")
        await wait_saved(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        # The review list is clean.
        await pilot.press("v")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.query_one("#problems", OptionList).option_count == 0
        assert "Nothing to review" in str(review.query_one("#review-count", Static).render())
        await pilot.press("s", "y")
        await pilot.pause()
    assert tui_service.check(tui_service.load(iid)) == []
    assert tui_service.load(iid).status == "submitted"
