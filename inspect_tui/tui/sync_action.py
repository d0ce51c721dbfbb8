"""Sync from the UI: a "last sync" label and a sync action the app and screens bind.

Self-contained so the screens need only a binding: the sync runs in a thread worker on
its own database connection (``sync_now`` opens one), after the pending saves are written
so that they travel too, and the result arrives as a notification.
"""

from __future__ import annotations

from typing import Any

from ..domain.time import shown_day, today
from ..errors import ServiceError


def last_sync_label(service: Any) -> str:
    """``last sync 14:05 GMT`` (today) or ``last sync 2026-11-20 09:12 GMT``, England
    time, with how many edits have not reached the hub yet; or why there is no sync.
    ``service``: the service, or the home index before the service is loaded (anything
    with a ``store``)."""
    from ..sync.client import status

    now = status(service)
    if now.quarantined:  # events received that failed validation: kept, not applied
        return (f"{now.quarantined} event{'s' if now.quarantined != 1 else ''} quarantined "
                "(inspect-tui sync status)")
    if not now.hub:
        return "not enrolled with a hub"
    waiting = (f", {now.unacknowledged} edit{'s' if now.unacknowledged != 1 else ''} "
               "not yet at the hub") if now.unacknowledged else ""
    if not now.last_sync:
        return "never synced" + waiting
    try:
        day, clock = shown_day(now.last_sync)
    except ValueError:
        return f"last sync {now.last_sync}{waiting}"
    if day == today():
        return f"last sync {clock}{waiting}"
    return f"last sync {day.isoformat()} {clock}{waiting}"


async def sync_action(app: Any) -> None:
    """Write pending saves, then sync in a worker; notify the summary or the error."""
    enrolled = app.backend.call(lambda s: last_sync_label(s) != "not enrolled with a hub")
    if not enrolled:
        app.notify("This device is not enrolled with a hub yet: run "
                   "`inspect-tui sync --hub URL --enrol CODE` once.", severity="warning",
                   timeout=6)
        return
    await app.backend.wait_idle()
    app.notify("Syncing with the hub…", timeout=2)
    app.run_worker(lambda: _work(app), thread=True, exclusive=True, group="sync",
                   name="sync")


def _work(app: Any) -> None:
    from ..sync.client import sync_now

    try:
        summary = sync_now(app.service)
    except ServiceError as exc:
        app.call_from_thread(app.notify, str(exc), severity="error", timeout=8)
        return
    app.call_from_thread(_done, app, summary.line())


def _done(app: Any, line: str) -> None:
    app.notify(line, timeout=5)
    refresh = getattr(app.screen, "refresh_list", None)
    if callable(refresh):
        refresh()
