"""The event log: heads, conflicts, folding, merge idempotence, migrations, permissions."""

from __future__ import annotations

import json
import os
import stat

from inspect_tui.store import Edit, EventStore
from inspect_tui.store.events import Unreadable, loads


def edit(value, field="note", eid="i1/finding/x"):
    return Edit("i1", "finding", eid, field, value)


def test_new_database_is_private_and_migrated(tmp_path):
    path = tmp_path / "sub" / "a.db"
    store = EventStore(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert {"events", "heads", "state", "superseded", "meta", "_sqlite_migrations"} <= tables
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    # Re-opening applies nothing twice and keeps the device id.
    device = store.device
    again = EventStore(path)
    assert again.device == device


def test_edits_replace_heads_in_sequence(tmp_path):
    store = EventStore(tmp_path / "a.db")
    first = store.record([edit("one")], "Sam")[0]
    second = store.record([edit("two")], "Sam")[0]
    assert first.device_seq == 1 and second.device_seq == 2
    assert second.replaces == (first.id,)
    [value] = store.state("i1")
    assert value.value == "two" and not value.conflict
    assert [e.id for e in store.heads("i1/finding/x", "note")] == [second.id]


def test_same_value_writes_nothing(tmp_path):
    store = EventStore(tmp_path / "a.db")
    store.record([edit("one")], "Sam")
    assert store.record([edit("one")], "Sam") == []
    assert store.event_count() == 1


def test_folding_updates_unsent_event_in_place(tmp_path):
    store = EventStore(tmp_path / "a.db")
    store.record([edit("h")], "Sam", fold=True)
    store.record([edit("he")], "Sam", fold=True)
    store.record([edit("hello")], "Sam", fold=True)
    assert store.event_count() == 1
    assert store.state("i1")[0].value == "hello"
    store.mark_sent()
    store.record([edit("hello!")], "Sam", fold=True)
    assert store.event_count() == 2, "a sent event is immutable"


def test_concurrent_edits_conflict_then_resolve(tmp_path):
    a = EventStore(tmp_path / "a.db")
    b = EventStore(tmp_path / "b.db")
    base = a.record([edit("base")], "Sam")
    b.merge(base)
    ea = a.record([edit("from a")], "Sam")
    eb = b.record([edit("from b")], "Jo")
    assert a.merge(eb) == 1 and b.merge(ea) == 1
    for store in (a, b):
        [value] = store.state("i1")
        assert value.conflict
        assert sorted(e.value for e in store.heads("i1/finding/x", "note")) == ["from a",
                                                                                "from b"]
    resolved = a.record([edit("combined")], "Sam")
    assert set(resolved[0].replaces) == {ea[0].id, eb[0].id}
    b.merge(resolved)
    for store in (a, b):
        [value] = store.state("i1")
        assert value.value == "combined" and not value.conflict


def test_merge_is_idempotent_and_order_independent(tmp_path):
    a = EventStore(tmp_path / "a.db")
    events = a.record([edit("1")], "Sam") + a.record([edit("2")], "Sam")
    events += a.record([edit("x", field="status")], "Sam")
    forward = EventStore(tmp_path / "f.db")
    backward = EventStore(tmp_path / "r.db")
    assert forward.merge(events) == 3
    assert forward.merge(events) == 0
    for e in reversed(events):
        backward.merge([e])
    snapshot = sorted((v.field, v.value, v.conflict) for v in forward.state("i1"))
    assert snapshot == sorted((v.field, v.value, v.conflict) for v in backward.state("i1"))
    assert snapshot == [("note", "2", False), ("status", "x", False)]


def test_version_vector_stops_at_a_gap(tmp_path):
    a = EventStore(tmp_path / "a.db")
    events = [a.record([edit(str(n))], "Sam")[0] for n in range(5)]
    b = EventStore(tmp_path / "b.db")
    b.merge(events[:2] + events[4:])
    assert b.version_vector()[a.device] == 2
    missing = list(a.events_missing_from(b.version_vector()))
    assert [e.device_seq for e in missing] == [3, 4, 5]
    b.merge(missing)
    assert b.version_vector()[a.device] == 5
    assert b.state("i1")[0].value == "4"


def test_migration_names_known_to_the_fast_open_path():
    from inspect_tui.store.database import MIGRATIONS
    from inspect_tui.store.migrations import migrations

    assert tuple(m.name for m in migrations._migrations) == MIGRATIONS


def test_writes_in_one_transaction_commit_together_and_a_failed_one_is_undone(tmp_path):
    import pytest

    store = EventStore(tmp_path / "a.db")
    other = EventStore(tmp_path / "a.db")
    with store.transaction():
        store.set_meta("one", "1")
        with pytest.raises(ValueError), store.transaction():
            store.set_meta("two", "2")
            raise ValueError("the inner write fails")
        store.set_meta("three", "3")
        assert other.get_meta("one") is None, "nothing is committed before the outer one"
    assert (other.get_meta("one"), other.get_meta("two"), other.get_meta("three")) == \
        ("1", None, "3")
    store.close()
    other.close()


def test_a_stored_value_reads_as_json_reads_it():
    """``loads`` reads with orjson, falling back to json for what orjson refuses: every
    text gives json's value, and a text json cannot read gives Unreadable, never an error."""
    texts = ['"met"', '["a","b"]', '{"x":1,"x":2}', "1e400", "NaN", "-Infinity",
             str(2 ** 70), f"[{2 ** 63}]", str(-2 ** 63), "-0.0", '"\\udc80"',
             '"caf\u00e9 \u2013 \U0001f600"', "[" * 500 + "]" * 500,
             "  [1, 2.5, null, true]  ", "1.0000000000000002"]
    for text in texts:
        got = loads(text)
        want = json.loads(text)
        assert repr(got) == repr(want), text[:40]
    for bad in ["", "{", "met", "[1,]", "[" * 1100 + "]" * 1100, "[" * 100_000, None]:
        assert isinstance(loads(bad), Unreadable), repr(bad)[:40]
