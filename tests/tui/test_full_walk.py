"""A whole inspection through the UI: new inspection → every item → outcome → clean review."""

from __future__ import annotations

import pytest
from testkit import send_key, settle, type_text, until, wait_saved
from textual.widgets import Input, OptionList, Static, TextArea, Tree

from inspect_tui.tui.screens.outcome import OutcomeScreen
from inspect_tui.tui.screens.review import ReviewScreen
from inspect_tui.tui.screens.workspace import WorkspaceScreen


@pytest.mark.slow
async def test_new_inspection_to_a_clean_review_list(make_app, tui_service, catalogue):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await type_text(app, "Heath Row Support")
        app.screen.query_one("#provider-urn", Input).value = "SC765432"
        app.screen.query_one("#premises", TextArea).load_text("Heath House | 2 | Westmere")
        await pilot.press("ctrl+s")
        await pilot.pause()
        ws = app.screen
        assert isinstance(ws, WorkspaceScreen)
        iid = ws.iid
        total = sum(1 for _ in catalogue.items())
        # Walk: met for every item, with a short note, using the keys an inspector uses, as
        # fast as the screen shows what they did (waiting only where focus moves).
        tree = ws.query_one("#ws-tree", Tree)
        note = ws.query_one("#note", TextArea)
        for _ in range(total):
            item = ws.current[1]
            for key in ("enter", "1", "tab"):  # into the item: met, then the note
                send_key(app, key)
            await until(lambda i=item: ws.finding(i)["status"] == "met"
                        and app.focused is note)
            for key in ("o", "k", "escape"):
                send_key(app, key)
            await until(lambda i=item: ws.finding(i)["note"] == "ok" and app.focused is tree)
            send_key(app, "u")
            await until(lambda i=item: ws.current[1] != i or ws.progress() == 100)
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
            await pilot.press("tab")
            await type_text(app, "Children do well.")
        await wait_saved(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        # The setting details the report states (d), field by field with Tab.
        await pilot.press("d")
        await pilot.pause()
        for text in ("Ana Ruiz", "Ben Cole", "Supported accommodation for 16- and 17-year-olds",
                     "Westmere", "2"):
            await type_text(app, text)
            await pilot.press("tab")
        await pilot.press("space")  # first inspection
        await wait_saved(app, pilot)
        await pilot.press("tab", "space")  # no enforcement since
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
        await pilot.press("s", "ctrl+y")
        await pilot.pause()
    assert tui_service.check(tui_service.load(iid)) == []
    assert tui_service.load(iid).status == "submitted"
