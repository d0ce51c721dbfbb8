"""The backend's promises: order, throttling, retrying what failed for want of the disk."""

from __future__ import annotations

import sqlite3

from inspect_tui.tui import backend as backend_module
from inspect_tui.tui.backend import Backend


async def test_changes_of_one_field_land_in_order_and_once(tui_service, demo_iid):
    backend = Backend(tui_service, delay=0.05)
    item = "sa2023.r4.2.a"
    try:
        for n in range(20):
            text = f"note {n}"
            backend.change(("note",), lambda s, t=text: s.set_finding(demo_iid, item, fold=True,
                                                                     note=t))
        await backend.wait_idle()
        assert tui_service.load(demo_iid).finding(item).note == "note 19"
        assert backend.state.pending == 0 and not backend.state.error
    finally:
        backend.close()


async def test_a_locked_database_is_retried(tui_service, demo_iid, monkeypatch):
    monkeypatch.setattr(backend_module, "RETRY_PAUSE", 0.01)
    backend = Backend(tui_service, delay=0)
    failures = []
    real = tui_service.set_finding

    def flaky(*args, **kwargs):
        if len(failures) < 2:
            failures.append(1)
            raise sqlite3.OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(tui_service, "set_finding", flaky)
    try:
        backend.change(("note",), lambda s: s.set_finding(demo_iid, "sa2023.r4.2.a", note="x"))
        await backend.wait_idle()
        assert tui_service.load(demo_iid).finding("sa2023.r4.2.a").note == "x"
        assert not backend.state.error and len(failures) == 2
    finally:
        backend.close()


async def test_a_refused_change_says_why_and_is_not_retried(tui_service, demo_iid):
    backend = Backend(tui_service, delay=0)
    calls = []

    def refused(service):
        calls.append(1)
        service.set_finding(demo_iid, "sa2023.r4.2.a", status="excellent")

    try:
        backend.change(("status",), refused)
        await backend.wait_idle()
        assert "not saved" in backend.state.label and len(calls) == 1
    finally:
        backend.close()
