"""Start-up: the home list painted from the store's cache before the service is loaded."""

from __future__ import annotations

import subprocess
import sys

import pytest

from inspect_tui.demo import create_demo
from inspect_tui.home_index import HomeIndex, open_store, refresh
from inspect_tui.service import Service
from inspect_tui.tui.app import make_app
from inspect_tui.tui.backend import Backend

from .conftest import TODAY, settle


def test_the_first_paint_imports_neither_the_service_nor_pydantic():
    code = ("import sys; from inspect_tui.tui.app import make_app; "
            "from inspect_tui.tui.screens.home import HomeScreen; "
            "heavy = [m for m in ('pydantic', 'inspect_tui.service', 'inspect_tui.catalogue', "
            "'sqlite_utils') if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_refresh_writes_the_cache_only_when_it_changed(tui_service, demo_iid):
    index = HomeIndex(tui_service.store)
    assert index.cached() == []
    summaries, changed = refresh(tui_service)
    assert changed and index.cached() == summaries == tui_service.summaries()
    assert refresh(tui_service) == (summaries, False)
    tui_service.archive(demo_iid)
    summaries, changed = refresh(tui_service)
    assert changed and index.cached()[0].archived


async def test_home_shows_the_cache_then_the_recomputed_list(tmp_path, catalogue):
    db = tmp_path / "start.db"
    service = Service(db, catalogue)
    service.set_profile("Sam Okafor", "inspector")
    iid = create_demo(service, today=TODAY)
    refresh(service)
    service.update_inspection(iid, provider={"name": "Renamed Provider Ltd"})
    service.close()

    app = make_app(db)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            table = app.screen.query_one("#inspections")
            assert table.row_count == 1  # from the cache, painted at mount
            await settle(app, pilot)
            await app.backend.wait_idle()
            await settle(app, pilot)
            assert str(table.get_row_at(0)[0]) == "Renamed Provider Ltd"
            assert app.backend.ready
    finally:
        app.backend.close()
    check = Service(db, catalogue)
    try:
        assert HomeIndex(check.store).cached()[0].provider == "Renamed Provider Ltd"
    finally:
        check.close()


def test_a_backend_factory_runs_on_its_own_thread_and_its_error_is_raised(tmp_path, catalogue):
    made = []
    backend = Backend(factory=lambda: made.append(Service(tmp_path / "a.db", catalogue))
                      or made[0])
    assert backend.call(lambda s: s.profile()) is None
    assert backend.ready and made
    backend.close()  # closes the service it made

    def broken():
        raise RuntimeError("no content")

    store = open_store(tmp_path / "a.db")
    failed = Backend(factory=broken, index=HomeIndex(store))
    assert failed.light(lambda index: index.profile()) is None  # never waits
    with pytest.raises(RuntimeError, match="no content"):
        failed.call(lambda s: s.profile())
    assert not failed.ready
    failed.close()  # closes the store
