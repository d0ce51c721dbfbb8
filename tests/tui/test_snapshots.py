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


# Issue 11 item 10: every CSE tab and the conflicts screen at 80x24. New with issue 11:
# their SVGs are made by the first ``--snapshot-update`` after merging.
CSE_TABS = {"indicators": "1", "missing": "2", "notifications": "3", "classification": "4",
            "core_data": "5"}


@pytest.mark.parametrize("tab", list(CSE_TABS))
def test_cse_tab(tab, snap_compare, make_app, demo_iid):
    app = make_app()

    async def settle(pilot):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in ("enter", "y", "c", CSE_TABS[tab]):
            await pilot.press(key)
            await pilot.pause()
        await app.backend.wait_idle()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_conflicts_screen(snap_compare, make_app, demo_iid, tui_service):
    from inspect_tui.store import Event

    item = "sa2023.r4.2.a"
    entity_id = f"{demo_iid}/finding/{item}"
    [head] = tui_service.store.heads(entity_id, "note")
    # Both sides from fixed devices at fixed times: the screen shows who, where and when.
    tui_service.store.merge([
        Event("samslaptop-1", demo_iid, "finding", entity_id, "note", "Local view",
              (head.id,), "Sam Okafor", "samslaptop", 1, "2026-11-20T09:30:00.000Z"),
        Event("otherdevice-1", demo_iid, "finding", entity_id, "note", "Colleague's view",
              (head.id,), "Jo Lindqvist", "otherdevice", 1, "2026-11-20T10:00:00.000Z")])
    app = make_app()

    async def settle(pilot):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in ("enter", "c"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)
