"""The UI's sync action: the home bar shows the last sync, and ``s`` syncs in a worker."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from inspect_tui.service.demo import create_demo
from inspect_tui.store import EventStore
from inspect_tui.sync.client import sync_now
from inspect_tui.tui.app import InspectApp

from .sync_helpers import enrol_code


async def test_home_sync_action(hub_db, hub_server, make_laptop):
    sam = make_laptop("Sam Okafor")
    iid = create_demo(sam, today=date(2026, 11, 27))
    app = InspectApp(service=sam, today=date(2026, 11, 27), deterministic=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            bar = app.screen.query_one("#home-profile", Static)
            assert "not enrolled with a hub" in str(bar.render())
            await pilot.press("s")  # not enrolled: a warning, nothing breaks
            await pilot.pause()
            # Enrol outside the UI (as `inspect-tui sync --enrol` would), then sync from it.
            sync_now(sam, hub=hub_server.url,
                     enrol_code=enrol_code(hub_db, "Sam Okafor", "inspector"))
            sam.set_finding(iid, sam.load(iid).findings[0].item_id, note="from the UI")
            await pilot.press("r")
            await pilot.pause()
            assert "last sync" in str(bar.render())
            assert "1 edit not yet at the hub" in str(bar.render())
            await pilot.press("s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            hub = EventStore(hub_db)
            try:
                assert hub.event_count() == sam.store.event_count()
            finally:
                hub.close()
            assert "last sync" in str(bar.render())
            assert "not yet at the hub" not in str(bar.render())
    finally:
        app.backend.close()
