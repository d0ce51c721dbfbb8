"""Poison events, and the commands every laptop must still run after receiving them."""

from __future__ import annotations

import json
from pathlib import Path

from inspect_tui import cli
from inspect_tui.service import Service

AT = "2026-11-27T10:00:00.000Z"


def row(device: str, seq: int, iid: str, entity: str, eid: str, field: str, value,
        author: str, replaces: tuple[str, ...] = (), raw: str | None = None) -> list:
    """One event row as a device pushes it (``raw``: the value's JSON text as given)."""
    text = raw if raw is not None else json.dumps(value)
    return [f"{device}-{seq}", iid, entity, eid, field, text, json.dumps(list(replaces)),
            author, device, seq, AT]


def poisons(iid: str, item: str, approval: tuple[str, str] | None = None
            ) -> dict[str, tuple]:
    """Each poison the issue found accepted, as (entity, entity id, field, value or raw
    JSON text, replaces): what an inspector's device sent past its own service.
    ``approval``: (event id, entity id) of an approval to overwrite."""
    deep = "[" * 990 + "]" * 990
    entry = {"action": "approve", "by": "Sam Okafor", "role": "manager", "at": AT,
             "comment": "", "seen": {}, "digest": "0" * 64}
    kinds = {
        "bogus finding status": ("finding", f"{iid}/finding/{item}", "status", "bogus", ()),
        "value nested 990 deep": ("finding", f"{iid}/finding/{item}", "note", None, (), deep),
        "review entity with no entry": ("review", f"{iid}/review/x1", "comment", "hi", ()),
        "premises id is the inspection id": ("premises", iid, "label", "Flat 1", ()),
        "approve-shaped value in another review field": (
            "review", f"{iid}/review/x2", "note", entry, ()),
        "finding of an unknown item": ("finding", f"{iid}/finding/no.such.item", "note",
                                       "x", ()),
        "an invalid date": ("inspection", iid, "start_date", "2026-02-30", ()),
    }
    if approval:
        kinds["a review entry overwritten"] = (
            "review", approval[1], "entry", {"action": "comment", "by": "Sam Okafor",
                                    "role": "inspector", "at": AT, "comment": "gone",
                                    "seen": {}}, (approval[0],))
    return kinds


def poison_rows(kind: tuple, device: str, seq: int, iid: str, author: str) -> list:
    entity, eid, field, value, replaces, *raw = kind
    return row(device, seq, iid, entity, eid, field, value, author, replaces,
               raw[0] if raw else None)


def commands_work(db: Path, tmp: Path) -> None:
    """``list``, ``check`` and ``report`` exit 0 for every inspection in ``db``."""
    assert cli.main(["list", "--db", str(db)]) == 0
    assert cli.main(["list", "--json", "--db", str(db)]) == 0
    svc = Service(db)
    try:
        ids = [i for i in svc.inspection_ids()]
    finally:
        svc.close()
    for iid in ids:
        assert cli.main(["check", iid, "--db", str(db)]) == 0
        assert cli.main(["report", iid, "-o", str(tmp / f"{iid}.pdf"), "--db", str(db)]) == 0


async def home_opens(db: Path) -> str:
    """Open the TUI's home screen on ``db``; return its profile line."""
    from inspect_tui.tui.app import InspectApp
    from inspect_tui.tui.screens.home import HomeScreen

    service = Service(db)
    app = InspectApp(service=service, deterministic=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            return str(app.screen.query_one("#home-profile").render())
    finally:
        app.backend.close()
        service.close()
