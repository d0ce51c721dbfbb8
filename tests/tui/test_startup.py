"""Start-up: the home list painted from the store's cache before the service is loaded."""

from __future__ import annotations

import subprocess
import sys

import pytest

from inspect_tui.service import Service
from inspect_tui.service.demo import create_demo
from inspect_tui.service.summaries import HomeIndex, open_store
from inspect_tui.tui.app import make_app
from inspect_tui.tui.backend import Backend

from .conftest import TODAY, settle


def test_the_first_paint_imports_neither_the_service_nor_pydantic():
    code = ("import sys; from inspect_tui.tui.app import make_app; "
            "from inspect_tui.tui.screens.home import HomeScreen; "
            "heavy = [m for m in ('pydantic', 'inspect_tui.service.facade', "
            "'inspect_tui.catalogue', 'sqlite_utils') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_refresh_writes_the_cache_and_a_change_drops_the_line(tui_service, demo_iid):
    index = HomeIndex(tui_service.store)
    assert index.cached_state() == ([], False)
    summaries, changed = tui_service.refresh_summaries()
    assert changed and index.cached_state() == (summaries, True)
    assert summaries == tui_service.summaries()
    assert tui_service.refresh_summaries() == (summaries, False)
    tui_service.archive(demo_iid)  # the store's trigger drops the inspection's line
    assert index.cached_state() == ([], False)
    summaries, changed = tui_service.refresh_summaries()
    assert changed and index.cached_state() == (summaries, True) and summaries[0].archived


def _demo_db(path, catalogue, cached: bool) -> str:
    service = Service(path, catalogue)
    try:
        service.set_profile("Sam Okafor", "inspector")
        iid = create_demo(service, today=TODAY)
        if cached:
            service.refresh_summaries()
        return iid
    finally:
        service.close()


async def test_a_current_cache_is_shown_without_loading_the_service(tmp_path, catalogue):
    db = tmp_path / "start.db"
    iid = _demo_db(db, catalogue, cached=True)
    app = make_app(db)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            table = app.screen.query_one("#inspections")
            assert table.row_count == 1 and not app.backend.ready
            assert "Sam Okafor (inspector)" in str(app.screen.query_one("#home-profile").content)
            await pilot.press("enter")  # the first action that needs it loads the service
            await settle(app, pilot)
            assert app.backend.ready and app.screen.iid == iid
    finally:
        app.backend.close()


async def test_an_out_of_date_cache_is_recomputed_and_written(tmp_path, catalogue):
    db = tmp_path / "start.db"
    iid = _demo_db(db, catalogue, cached=True)
    other = Service(db, catalogue)
    other.update_inspection(iid, provider={"name": "Renamed Provider Ltd"})
    other.close()

    app = make_app(db)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            await app.backend.wait_idle()
            await settle(app, pilot)
            table = app.screen.query_one("#inspections")
            assert str(table.get_row_at(0)[0]) == "Renamed Provider Ltd"
            assert app.backend.ready
    finally:
        app.backend.close()
    check = Service(db, catalogue)
    try:
        cached, current = HomeIndex(check.store).cached_state()
        assert current and cached[0].provider == "Renamed Provider Ltd"
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
