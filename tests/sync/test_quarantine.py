"""Defence in depth on the laptop: an event that fails validation, received from an older
hub or already in the database, is kept but not applied, listed by ``sync status`` and
the TUI, and never stops ``list``, ``check``, ``report`` or the TUI home."""

from __future__ import annotations

import pytest

from inspect_tui import cli
from inspect_tui.store import EventStore

from .guard_helpers import commands_work, home_opens, poison_rows, poisons
from .sync_helpers import item

KINDS = list(poisons("x", "y", ("z", "z")))


def _approval(service, iid) -> tuple[str, str]:
    return next((e.id, e.entity_id) for e in service.store.events(iid)
                if e.entity == "review" and e.value["action"] == "approve")


@pytest.fixture
def approved(service, demo_id):
    """The demo, submitted and approved on this laptop."""
    service.set_profile("Max Manager", "manager")
    service.submit(demo_id)
    service.approve(demo_id)
    return demo_id


@pytest.mark.parametrize("kind", KINDS)
async def test_poison_written_into_the_database_breaks_no_command(service, approved, kind,
                                                                  tmp_path, capsys):
    iid = approved
    before = service.load(iid)
    approval = _approval(service, iid)
    # Straight through the store, as an older hub's sync would have applied it.
    bad = poison_rows(poisons(iid, item("a"), approval)[kind], "0badbad0", 1, iid, "Eve")
    service.store.merge_rows([tuple(bad)])
    db = service.store.path
    commands_work(db, tmp_path)
    await home_opens(db)
    capsys.readouterr()
    # ``sync status`` looks the whole log over with the validator, and lists what fails.
    assert cli.main(["sync", "status", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Quarantined (kept, not applied: they failed validation): 1" in out
    assert "0badbad0-1" in out
    assert service.load(iid) == before, "the poison is not applied"
    assert "1 event quarantined" in await home_opens(db)
    commands_work(db, tmp_path)
    assert EventStore(db).event_count() == service.store.event_count(), "the event is kept"


async def test_every_poison_at_once_received_from_an_older_hub(service, approved, tmp_path,
                                                               capsys):
    iid = approved
    before = service.load(iid)
    approval = _approval(service, iid)
    from inspect_tui.sync.client import Receiver

    rows = [poison_rows(kind, "0badbad0", n + 1, iid, "Eve")
            for n, kind in enumerate(poisons(iid, item("a"), approval).values())]
    receiver = Receiver(service.store, service.store.version_vector())
    assert receiver.merge(rows) == len(rows)
    assert receiver.quarantined == len(rows)
    assert service.load(iid) == before
    commands_work(service.store.path, tmp_path)
    assert f"{len(rows)} events quarantined" in await home_opens(service.store.path)
    # The log still advances past them: the next sync does not ask for them again.
    assert service.store.version_vector()["0badbad0"] == len(rows)


def test_every_field_the_service_writes_is_known_to_the_validator(service, demo_id):
    from inspect_tui.domain.entities import field_type

    service.update_inspection(demo_id, previous_inspection={"none": True},
                              enforcement={"none": False,
                                           "actions": "A compliance notice, May 2026"})
    unknown = {(e.entity, e.field) for e in service.store.events(demo_id)
               if field_type(e.entity, e.field) is None}
    assert not unknown


def test_an_event_replacing_one_refused_is_refused_through_every_door(hub_db, hub_server,
                                                                      make_laptop):
    """An older hub holds an invalid event, thousands of others, then an event replacing
    it. A laptop quarantines both, whether it pulls over HTTP (batch by batch) or imports
    the hub's signed bundle (checked chunk by chunk, merged in one transaction): what
    replaces an event not applied has nothing to replace."""
    from inspect_tui.sync.bundle import CHUNK_ROWS
    from inspect_tui.sync.client import import_bundle, sync_now
    from inspect_tui.sync.hub import Hub

    from .guard_helpers import row
    from .sync_helpers import enrol_code, enrol_offline

    iid, dev = "i1", "0badbad0"
    eid = f"{iid}/finding/{item('a')}"
    bad = row(dev, 1, iid, "finding", eid, "status", "bogus", "Eve")
    fillers = [row(dev, seq, iid, "finding", f"{iid}/finding/{item('b')}", "note",
                   f"note {seq}", "Eve", (f"{dev}-{seq - 1}",) if seq > 2 else ())
               for seq in range(2, CHUNK_ROWS + 10)]
    last = CHUNK_ROWS + 10
    replacer = row(dev, last, iid, "finding", eid, "status", "met", "Eve", (bad[0],))
    hub = Hub(hub_db)
    try:
        # Straight into the log, as a hub from before the validator would hold them.
        hub.store.merge_rows([tuple(r) for r in (bad, *fillers, replacer)])
        offline = make_laptop("Max Manager", "manager")
        enrol_offline(offline, hub, "Max Manager", "manager")
        bundle = hub_db.parent / "for-max.bundle"
        hub.export_for(offline.store.device, bundle)
    finally:
        hub.close()
    online = make_laptop("Mo Manager", "manager")
    sync_now(online, hub=hub_server.url, enrol_code=enrol_code(hub_db, "Mo Manager",
                                                               "manager"))
    import_bundle(offline, bundle)
    for laptop in (online, offline):
        quarantined = {q[0] for q in laptop.store.quarantined()}
        assert quarantined == {bad[0], replacer[0]}, (laptop.profile().name, quarantined)
        assert laptop.store.fields(eid).get("status") is None
        assert laptop.store.version_vector()[dev] == last


def test_a_malformed_page_from_a_hub_applies_nothing_of_itself(make_laptop, tmp_path):
    """A hub that sends a row the log cannot hold (a sequence that is not a number): the
    sync stops with a one-line error; the pages before it stay merged, nothing of it."""
    import json as json_
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from inspect_tui.sync.client import sync_now
    from inspect_tui.sync.errors import SyncError
    from inspect_tui.sync.keys import KeyPair

    from .guard_helpers import row

    dev, keys = "0dd0dd0d", KeyPair.generate()
    good = [row(dev, n, "i1", "finding", f"i1/finding/{item(n)}", "note", f"n{n}", "Eve")
            for n in range(1, 6)]
    bad = [row(dev, 6, "i1", "finding", f"i1/finding/{item(6)}", "note", "x", "Eve")]
    bad[0][9] = "6"
    pages = iter([{"rows": good, "more": True, "remaining": 1, "vector": {dev: 6}},
                  {"rows": bad, "more": False, "remaining": 0, "vector": {dev: 6}}])
    replies = {"/v1/enrol": lambda: {"token": "t", "hub": "h0b0h0b0", "role": "manager",
                                     "name": "Max Manager",
                                     "hub_sign_key": keys.sign_public,
                                     "hub_box_key": keys.box_public},
               "/v1/vector": lambda: {"vector": {dev: 6}, "scope": None},
               "/v1/pull": lambda: next(pages)}

    class OldHub(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json_.dumps(replies[self.path]()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), OldHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    laptop = make_laptop("Max Manager", "manager")
    try:
        with pytest.raises(SyncError, match="malformed event: nothing from this batch"):
            sync_now(laptop, hub=f"http://127.0.0.1:{server.server_port}", enrol_code="c")
    finally:
        server.shutdown()
        server.server_close()
    store = EventStore(laptop.store.path)
    try:
        assert store.version_vector(own_floor=False).get(dev) == 5
        assert store.event_count() == 5 and store.quarantine_count() == 0
    finally:
        store.close()
