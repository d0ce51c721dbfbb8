"""Snapshots of the main screens at a laptop's 80x24 and at 120x40.

Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

import pytest

SIZES = [(80, 24), (120, 40)]
SCREENS = {
    "home": (),
    "new_inspection": ("n",),
    "workspace": ("enter",),
    "workspace_not_met_filter": ("enter", "f", "f"),
    "young_people": ("enter", "y"),
    "areas_for_improvement": ("enter", "a"),
    "outcome": ("enter", "o"),
    "review": ("enter", "v"),
    "help": ("enter", "f1"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name, size, snap_compare, make_app, demo_iid):
    app = make_app()

    async def settle(pilot):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in SCREENS[name]:
            await pilot.press(key)
            await pilot.pause()
        await app.backend.wait_idle()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_high_contrast_workspace(snap_compare, make_app, demo_iid):
    app = make_app(high_contrast=True)

    async def settle(pilot):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)
