"""Issue 11 items 1 and 2: every place Tab can put the cursor shows that it is there.

A scroll box around a form was a focus stop of its own: Tab from the CSE list went to the
box, nothing on screen changed, and the date typed next was taken as commands (its ``2``
switched to the Missing tab). Boxes of fields are no focus stops now; a pane focused to be
scrolled and read (the item's prompts, the outcome's guidance, help) is tinted."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import RadioSet

from inspect_tui.tui.widgets.boxes import ReadingPane

from .test_flows import open_demo

# One walk through every screen (one app: each start of the demo costs a second): the
# keys that lead to the next screen, from the first focus stop of the one before, and the
# screen they lead to.
WALK = (
    ((), "WorkspaceScreen"),
    (("y",), "YoungPeopleScreen"),
    *(((("c",) if n == 1 else ()) + (str(n),), "CseScreen") for n in range(1, 6)),
    (("escape", "escape", "o"), "OutcomeScreen"),
    (("f1",), "HelpScreen"),
    (("escape", "escape", "escape", "n"), "NewInspectionScreen"),
)


def shows_focus(widget) -> bool:
    """A scroll box shows its focus by its tint; fields and lists (a RadioSet is a scroll
    box too) have their own marks."""
    if isinstance(widget, VerticalScroll) and not isinstance(widget, RadioSet):
        return isinstance(widget, ReadingPane) and widget.styles.background_tint.a > 0
    return True


async def test_every_focus_stop_shows_the_focus(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        for step, (keys, name) in enumerate(WALK):
            await pilot.press(*keys)
            await pilot.pause()
            assert type(app.screen).__name__ == name, (step, app.screen)
            stops = list(app.screen.focus_chain)
            assert stops, name
            for widget in stops:
                app.screen.set_focus(widget)
                await pilot.pause()
                assert app.screen.focused is widget, (name, widget)
                assert shows_focus(widget), f"{name}: {widget!r} takes the focus unseen"
            boxes = [w.id for w in stops if isinstance(w, VerticalScroll)]
            assert not [b for b in boxes if b and b.endswith("-form-box")], (name, boxes)
            app.screen.set_focus(stops[0])  # where the walk's next keys are meant for
            await pilot.pause()


async def test_tab_from_the_indicator_list_goes_to_the_rows_answer(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("y", "c")
        await pilot.pause()
        await pilot.press("down", "tab")
        await pilot.pause()
        assert app.screen.focused.id == "ind-answer"
        await pilot.press("tab")
        assert app.screen.focused.id == "ind-noted_on"
