"""Issue 11 leftovers: keys and errors land where the inspector meant them."""

from __future__ import annotations

from textual.widgets import Input, Static

from inspect_tui.tui.screens.new_inspection import NewInspectionScreen

from .conftest import TODAY, settle
from .test_new_inspection_setting import fill


async def test_end_date_error_shows_on_the_first_ctrl_s(make_app, tui_service):
    """An end date before the start and a previous inspection ending after it, with another
    field also refused, are named beside their fields on the first Ctrl+S, not only once
    the other is fixed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewInspectionScreen)
        bad_end = TODAY.replace(year=TODAY.year - 1).isoformat()
        fill(screen, **{"provider-name": "", "provider-urn": "SC123456",
                        "start-date": TODAY.isoformat(), "end-date": bad_end,
                        "previous-date": TODAY.isoformat(), "previous-outcome": "Good"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(screen.query_one("#end-date-error", Static).render())
        assert error.startswith("✗ "), error
        previous = str(screen.query_one("#previous-date-error", Static).render())
        assert "must end before this one starts" in previous, previous
        assert screen.query_one("#end-date", Input).value == bad_end
        assert tui_service.inspection_ids() == []


async def test_terminal_grown_back_removes_the_notice_under_a_dialog(make_app):
    """Ctrl+P opens the command palette over the "terminal too small" notice; once the
    terminal is large again the notice is gone and the palette is as it was, typing."""
    from textual.command import CommandInput, CommandPalette

    from inspect_tui.tui.screens.too_small import TooSmallScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        # Still small: the notice stays on top, so nothing is typed blind into the palette.
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not [s for s in app.screen_stack if isinstance(s, TooSmallScreen)]
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("h", "e")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).value == "he"


async def test_right_and_left_open_and_close_a_tree_group(make_app, demo_iid):
    """Right opens the highlighted group and then goes into it, Left closes it and then goes
    out to its parent; the tree never scrolls sideways, hiding its guide lines."""
    from .test_flows import open_demo

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        tree = ws.query_one("#ws-tree")
        await pilot.press("end", "up")
        await pilot.pause()
        group = tree.cursor_node
        assert group.allow_expand and not group.is_expanded
        await pilot.press("right")
        await pilot.pause()
        assert group.is_expanded and tree.cursor_node is group
        await pilot.press("right")
        await pilot.pause()
        assert tree.cursor_node is group.children[0]
        await pilot.press("left")
        await pilot.pause()
        assert tree.cursor_node is group and group.is_expanded
        await pilot.press("left")
        await pilot.pause()
        assert not group.is_expanded
        assert tree.scroll_x == 0
