"""A large push does not stall another device (issue 10 item 6), over real HTTP on
127.0.0.1: while one laptop's push of many batches is under way, another laptop's whole
sync (its own push, then its pull) completes, and the hub applied the large push in
batches, not in one transaction that the small sync would have had to wait behind.

Judged by order, not time: the small sync runs from inside the large push's progress
callback, after its first batch and before its last, so it must complete with the large
push still unfinished (a hub that held its lock or a session for the whole push would
never let it).
"""

from __future__ import annotations

import threading

from inspect_tui.sync.client import PUSH_BATCH, sync_now
from inspect_tui.sync.hub import Hub

from .sync_helpers import bulk_edits, enrol_code, ensure_inspection


def hub_holds(hub_db, device: str) -> int:
    hub = Hub(hub_db)
    try:
        return hub.vector().get(device, 0)
    finally:
        hub.close()


def test_a_small_sync_completes_while_a_large_push_is_under_way(hub_db, hub_server,
                                                                make_laptop):
    big = make_laptop("Sam Okafor")
    small = make_laptop("Jo Adeyemi")
    for svc, name in ((big, "Sam Okafor"), (small, "Jo Adeyemi")):
        sync_now(svc, hub=hub_server.url, enrol_code=enrol_code(hub_db, name, "inspector"))
    ensure_inspection(big, "big1")
    bulk_edits(big, 6 * PUSH_BATCH, iid="big1")
    ensure_inspection(small, "small1")
    total = big.store.version_vector()[big.store.device]

    seen: dict[str, object] = {}

    def small_sync() -> None:
        try:
            seen["summary"] = sync_now(small)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            seen["error"] = exc

    def progress(phase: str, done: int, of: int) -> None:
        if phase != "send" or "during" in seen or not 0 < done < of:
            return
        seen["during"] = done
        thread = threading.Thread(target=small_sync, name="small sync")
        thread.start()
        thread.join(timeout=120)
        seen["small finished"] = not thread.is_alive()
        seen["big held then"] = hub_holds(hub_db, big.store.device)

    summary = sync_now(big, progress)

    assert "during" in seen, "the large push went in more than one batch"
    assert seen["small finished"], "the small sync waited behind the large push"
    assert "error" not in seen, seen.get("error")
    assert seen["summary"].sent > 0, "the small sync pushed its own inspection"
    assert 0 < seen["big held then"] < total, (
        "the hub had applied part of the large push, not all of it, when the small sync "
        "completed")
    assert summary.sent >= 6 * PUSH_BATCH
    assert hub_holds(hub_db, big.store.device) == total
    assert hub_holds(hub_db, small.store.device) == \
        small.store.version_vector()[small.store.device]
