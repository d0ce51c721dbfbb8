"""Convergence: devices edit at random and exchange in any order, with duplicates and losses.

A hypothesis state machine drives three devices (real SQLite files). Each device makes
edits (some folded, as typing does), sends what it thinks a peer lacks, and messages are
delivered late, twice or never. An independent model tracks every event and what each
device had seen when it edited. At the end everyone exchanges until quiet, and then all
states are identical, no event is lost, and a field is in conflict exactly when it has
more than one edit that no later edit saw: edits made concurrently and not yet resolved.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from testkit import empty_database

from inspect_tui.store import Edit, EventStore
from inspect_tui.store.sync import open_conflicts, rows_missing_from
from inspect_tui.sync.bundle import BundleReader, write_bundle
from inspect_tui.sync.keys import KeyPair, raw_public

from .sync_helpers import item

DEVICES = 3
FIELDS = [(f"i1/finding/{item('a')}", "note"), (f"i1/finding/{item('c')}", "note"),
          (f"i1/finding/{item('b')}", "note")]


def snapshot(store: EventStore):
    state = sorted((v.entity_id, v.field, repr(v.value), v.conflict) for v in store.state("i1"))
    heads = sorted((eid, field, tuple(e.id for e in store.heads(eid, field)))
                   for eid, field in FIELDS)
    events = sorted(e.row() for e in store.events())
    return state, heads, events


class Devices(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="converge-"))
        self.stores = [EventStore(empty_database(self.dir / f"d{n}.db"))
                       for n in range(DEVICES)]
        # What device i believes device j holds (learned only from acknowledgements).
        self.believed = [[{} for _ in range(DEVICES)] for _ in range(DEVICES)]
        self.messages: list[tuple[int, list[tuple] | Path]] = []
        # The model: every event by id -> (field key, replaces, row), and who holds what.
        self.model: dict[str, tuple[tuple[str, str], frozenset[str], tuple]] = {}
        self.held: list[set[str]] = [set() for _ in range(DEVICES)]
        self.keys = [KeyPair.generate() for _ in range(DEVICES)]
        self.files = 0
        self.sent_ids: set[str] = set()  # every event that has left its device

    def teardown(self):
        for store in self.stores:
            store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @initialize(value=st.text(max_size=3))
    def base(self, value):
        """Everyone starts from one shared edit, as after a first sync."""
        self.edit_rule(0, 0, value, False)
        self.deliver_now(0, 1)
        self.deliver_now(0, 2)

    def model_heads(self, device: int, key: tuple[str, str]) -> set[str]:
        mine = {i for i in self.held[device] if self.model[i][0] == key}
        replaced = {r for i in mine for r in self.model[i][1]}
        return mine - replaced

    def edit_rule(self, device: int, field: int, value: str, fold: bool):
        store = self.stores[device]
        key = FIELDS[field]
        expected_replaces = self.model_heads(device, key)
        written = store.record([Edit("i1", "finding", key[0], key[1], value)],
                               f"author{device}", fold=fold)
        for event in written:
            if event.id in self.model:
                # Folded into an unsent event: nobody else may ever have seen it.
                assert all(event.id not in self.held[d] for d in range(DEVICES) if d != device)
                assert event.id not in self.sent_ids
                self.model[event.id] = (key, self.model[event.id][1], event.row())
            else:
                assert set(event.replaces) == expected_replaces, "replaces what was seen"
                self.model[event.id] = (key, frozenset(event.replaces), event.row())
                self.held[device].add(event.id)

    @rule(device=st.integers(0, DEVICES - 1), field=st.integers(0, len(FIELDS) - 1),
          value=st.sampled_from(["a", "b", "c", "", "long text é"]), fold=st.booleans())
    def edit(self, device, field, value, fold):
        self.edit_rule(device, field, value, fold)

    @rule(src=st.integers(0, DEVICES - 1), dst=st.integers(0, DEVICES - 1),
          as_file=st.booleans())
    def send(self, src, dst, as_file):
        """Queue what ``src`` believes ``dst`` lacks (delivered later, twice, or never),
        over the wire or as a signed, encrypted bundle file."""
        if src == dst:
            return
        store = self.stores[src]
        store.mark_sent()
        rows = list(rows_missing_from(store, self.believed[src][dst]))
        self.sent_ids.update(r[0] for r in rows)
        if as_file:
            self.files += 1
            path = self.dir / f"m{self.files}.bundle"
            write_bundle(path, rows, sender=str(src), sender_kind="device",
                         sign_key=self.keys[src].sign,
                         recipient_box=raw_public(self.keys[dst].box.public_key()),
                         vector=store.version_vector())
            self.messages.append((dst, path))
        else:
            self.messages.append((dst, rows))

    @precondition(lambda self: self.messages)
    @rule(data=st.data(), keep=st.booleans())
    def deliver(self, data, keep):
        """Deliver a queued message in any order; ``keep`` leaves it queued (a duplicate)."""
        index = data.draw(st.integers(0, len(self.messages) - 1))
        dst, rows = self.messages[index] if keep else self.messages.pop(index)
        self.apply(dst, rows)

    @precondition(lambda self: self.messages)
    @rule(data=st.data())
    def lose(self, data):
        self.messages.pop(data.draw(st.integers(0, len(self.messages) - 1)))

    @rule(src=st.integers(0, DEVICES - 1), dst=st.integers(0, DEVICES - 1))
    def acknowledge(self, src, dst):
        """``dst`` tells ``src`` what it holds (the reply of a sync, or a hub bundle)."""
        if src != dst:
            self.believed[src][dst] = self.stores[dst].version_vector()

    def apply(self, dst: int, message: list[tuple] | Path):
        store = self.stores[dst]
        if isinstance(message, Path):
            reader = BundleReader(message, self.keys[dst].box, lambda header: self.keys[
                int(header.sender)].sign.public_key())
            rows = [tuple(row) for chunk in reader.chunks(skip=store.version_vector())
                    for row in chunk]
            # Chunks the receiver already holds are skipped unread; the rest must be new.
            assert reader.trailer is not None
        else:
            rows = message
        before = store.event_count()
        new = store.merge_rows(rows)
        assert store.event_count() == before + new
        self.held[dst].update(r[0] for r in rows)

    def deliver_now(self, src: int, dst: int):
        self.stores[src].mark_sent()
        rows = list(rows_missing_from(self.stores[src], self.stores[dst].version_vector()))
        self.sent_ids.update(r[0] for r in rows)
        self.apply(dst, rows)

    @invariant()
    def heads_match_model(self):
        for device, store in enumerate(self.stores):
            for key in FIELDS:
                assert {e.id for e in store.heads(*key)} == self.model_heads(device, key)

    def teardown_check(self):
        for _ in range(2):
            for src in range(DEVICES):
                for dst in range(DEVICES):
                    if src != dst:
                        self.deliver_now(src, dst)
        first = snapshot(self.stores[0])
        for store in self.stores[1:]:
            assert snapshot(store) == first, "every device ends with identical state"
        # No event lost: every event ever written is everywhere, with its final value.
        rows = {row[0]: row for row in first[2]}
        assert set(rows) == set(self.model)
        for event_id, (_, _, row) in self.model.items():
            assert rows[event_id] == row
        # Conflicts exactly where edits were concurrent and unresolved.
        expected = set()
        for key in FIELDS:
            mine = {i for i, m in self.model.items() if m[0] == key}
            replaced = {r for i in mine for r in self.model[i][1]}
            if len(mine - replaced) > 1:
                expected.add(key)
        actual = {(v.entity_id, v.field) for v in self.stores[0].state("i1") if v.conflict}
        assert actual == expected
        assert open_conflicts(self.stores[0]) == len(expected)


class DevicesWithFinalCheck(Devices):
    def teardown(self):
        if not getattr(self, "_done", False):
            self._done = True
            try:
                self.teardown_check()
            finally:
                super().teardown()


# How many runs: the profile's (tests/conftest.py: quick by default, HYPOTHESIS_PROFILE=thorough).
DevicesWithFinalCheck.TestCase.settings = settings(
    stateful_step_count=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestConvergence = DevicesWithFinalCheck.TestCase
