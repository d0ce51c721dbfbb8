"""Issue 11 items 1 and 2: every place Tab can put the cursor shows that it is there.

A scroll box around a form was a focus stop of its own: Tab from the CSE list went to the
box, nothing on screen changed, and the date typed next was taken as commands (its ``2``
switched to the Missing tab). Boxes of fields are no focus stops now; a pane focused to be
scrolled and read (the item's prompts, the outcome's guidance, help) is tinted."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import RadioSet

from .test_flows import open_demo

# Keys from the workspace to each screen.
SCREENS = {
    "workspace": (),
    "young_people": ("y",),
    "outcome": ("o",),
    "help": ("f1",),
    "new_inspection": ("escape", "n"),
    **{f"cse_tab_{n}": ("y", "c", str(n)) for n in range(1, 6)},
}


def shows_focus(widget) -> bool:
    """A scroll box shows its focus by its tint; fields and lists (a RadioSet is a scroll
    box too) have their own marks."""
    if isinstance(widget, VerticalScroll) and not isinstance(widget, RadioSet):
        return widget.styles.background_tint.a > 0
    return True


@pytest.mark.parametrize("screen", list(SCREENS))
async def test_every_focus_stop_shows_the_focus(make_app, demo_iid, screen):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press(*SCREENS[screen])
        await pilot.pause()
        stops = list(app.screen.focus_chain)
        assert stops
        for widget in stops:
            widget.focus()
            await pilot.pause()
            assert app.screen.focused is widget
            assert shows_focus(widget), f"{screen}: {widget!r} takes the focus unseen"
        boxes = [w.id for w in stops if isinstance(w, VerticalScroll)]
        assert not [b for b in boxes if b and b.endswith("-form-box")], boxes


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
