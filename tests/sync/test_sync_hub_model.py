"""The real client, hub and bundles under random edits, dropped connections and replays.

A hypothesis state machine runs three laptops against one hub in process: ``sync_now``
talks to the hub through an httpx transport that calls :class:`Hub` directly and drops
connections at random (before the hub acts, or after it acted but before the reply
arrives). Bundles travel both ways and are delivered late, twice or never. Throughout,
every database's heads are exactly the events none of its events replaces; at the end,
after a clean sync all round, every database holds the same events and state, every event
ever written is there, and no event changed after it left its device.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from testkit import empty_database, new_hub

from inspect_tui.store import Edit, EventStore
from inspect_tui.sync import client
from inspect_tui.sync.errors import SyncError
from inspect_tui.sync.hub import Hub

from .sync_helpers import enrol_offline, item

LAPTOPS = 3
FIELDS = [(f"i1/finding/{item('a')}", "note"), (f"i1/finding/{item('c')}", "note"),
          (f"i1/finding/{item('b')}", "note")]


class HubTransport(httpx.BaseTransport):
    """Routes the client's requests to a :class:`Hub`; ``faults`` drops some of them."""

    def __init__(self, hub: Hub, faults: list[str]):
        self.hub = hub
        self.faults = faults  # per request: "ok", "before" (never arrives), "after" (reply lost)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        fault = self.faults.pop(0) if self.faults else "ok"
        if fault == "before":
            raise httpx.ConnectError("dropped before the hub saw it")
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        device = self.hub.authenticate(token)
        assert device is not None
        body = json.loads(request.content) if request.content else {}
        path = request.url.path
        if path == "/v1/vector":
            data = {"vector": self.hub.vector()}
        elif path == "/v1/push":
            new, have = self.hub.push(device, body["rows"])
            data = {"new": new, "have": have}
        elif path == "/v1/pull":
            got = self.hub.pull(device, body["vector"], body["limit"])
            data = {"rows": [list(r) for r in got.rows], "more": got.more,
                    "remaining": got.remaining, "vector": got.vector, "covered": got.covered,
                    "scope": got.scope}
        elif path == "/v1/renew":
            data = self.hub.renew(device)
        else:
            raise AssertionError(path)
        if fault == "after":
            raise httpx.ReadError("connection lost before the reply")
        return httpx.Response(200, json=data)


def heads_from_events(store: EventStore, key: tuple[str, str]) -> set[str]:
    events = [e for e in store.events() if (e.entity_id, e.field) == key]
    replaced = {r for e in events for r in e.replaces}
    return {e.id for e in events} - replaced


class HubAndLaptops(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="hubmodel-"))
        self.hub = Hub(new_hub(self.dir / "hub.db"))
        self.laptops = [EventStore(empty_database(self.dir / f"l{n}.db"))
                        for n in range(LAPTOPS)]
        for n, laptop in enumerate(self.laptops):
            # Managers, who see every inspection: all three edit the same one.
            enrol_offline(laptop, self.hub, f"Manager {n}", "manager")
        self.files: list[tuple[str, int, Path]] = []  # (direction, laptop, path)
        self.count = 0
        self.written: dict[str, tuple] = {}  # every event ever written, latest row
        self.left: dict[str, tuple] = {}  # rows as they were when they left their device

    def teardown(self):
        try:
            self.settle_and_compare()
        finally:
            for laptop in self.laptops:
                laptop.close()
            self.hub.close()
            shutil.rmtree(self.dir, ignore_errors=True)

    # --- what people do -------------------------------------------------------------------
    @rule(n=st.integers(0, LAPTOPS - 1), field=st.integers(0, len(FIELDS) - 1),
          value=st.sampled_from(["a", "b", "c", ""]), fold=st.booleans())
    def edit(self, n, field, value, fold):
        key = FIELDS[field]
        for event in self.laptops[n].record([Edit("i1", "finding", key[0], key[1], value)],
                                            f"Manager {n}", fold=fold):
            self.written[event.id] = event.row()

    @rule(n=st.integers(0, LAPTOPS - 1),
          faults=st.lists(st.sampled_from(["ok", "ok", "before", "after"]), max_size=6),
          batch=st.integers(1, 4))
    def sync(self, n, faults, batch):
        self.note_leaving(self.laptops[n])
        transport = HubTransport(self.hub, list(faults))
        old_push, old_pull = client.PUSH_BATCH, client.PULL_BATCH
        client.PUSH_BATCH, client.PULL_BATCH = batch, batch
        try:
            client.sync_now(self.laptops[n], transport=transport, retry_delays=(0, 0))
        except SyncError as exc:
            assert "reach the hub" in str(exc) or "lost the hub" in str(exc), exc
        finally:
            client.PUSH_BATCH, client.PULL_BATCH = old_push, old_pull

    @rule(n=st.integers(0, LAPTOPS - 1), everything=st.booleans())
    def bundle_to_hub(self, n, everything):
        self.count += 1
        path = self.dir / f"up{self.count}.bundle"
        self.note_leaving(self.laptops[n])
        client.export_bundle(self.laptops[n], path, everything=everything)
        self.files.append(("up", n, path))

    @rule(n=st.integers(0, LAPTOPS - 1), everything=st.booleans())
    def bundle_from_hub(self, n, everything):
        self.count += 1
        path = self.dir / f"down{self.count}.bundle"
        self.hub.export_for(self.laptops[n].device, path, everything=everything)
        self.files.append(("down", n, path))

    @precondition(lambda self: self.files)
    @rule(data=st.data(), keep=st.booleans())
    def carry(self, data, keep):
        """Deliver a bundle in any order; ``keep`` leaves it to be delivered again."""
        index = data.draw(st.integers(0, len(self.files) - 1))
        direction, n, path = self.files[index] if keep else self.files.pop(index)
        if direction == "up":
            self.hub.import_bundle(path)
        else:
            client.import_bundle(self.laptops[n], path)

    @precondition(lambda self: self.files)
    @rule(data=st.data())
    def lose(self, data):
        self.files.pop(data.draw(st.integers(0, len(self.files) - 1)))

    # --- what must always hold ------------------------------------------------------------
    def note_leaving(self, laptop: EventStore):
        """Everything of this laptop's may leave now: remember it as it is (the client,
        not this test, must freeze it)."""
        for event in laptop.events():
            if event.device == laptop.device:
                self.left.setdefault(event.id, event.row())
                self.written[event.id] = event.row()

    @invariant()
    def heads_are_the_unreplaced_events(self):
        for store in [self.hub.store, *self.laptops]:
            for key in FIELDS:
                assert {e.id for e in store.heads(*key)} == heads_from_events(store, key)

    def settle_and_compare(self):
        for _ in range(2):
            for laptop in self.laptops:
                self.note_leaving(laptop)
                client.sync_now(laptop, transport=HubTransport(self.hub, []))
        snapshots = [(sorted(e.row() for e in s.events()),
                      sorted((v.entity_id, v.field, repr(v.value), v.conflict)
                             for v in s.state("i1")))
                     for s in [self.hub.store, *self.laptops]]
        assert all(s == snapshots[0] for s in snapshots[1:]), "identical everywhere"
        rows = {row[0]: row for row in snapshots[0][0]}
        assert set(rows) == set(self.written), "no event lost"
        for event_id, row in self.left.items():
            assert rows[event_id] == row, "an event that left its device never changed"


# How many runs: the profile's (tests/conftest.py: quick by default, HYPOTHESIS_PROFILE=thorough).
HubAndLaptops.TestCase.settings = settings(
    stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestHubAndLaptops = HubAndLaptops.TestCase
