"""Bundle files: round trips, replays, and damaged, foreign or wrong-key bundles refused whole."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_tui import cli
from inspect_tui.domain.models import YoungPerson
from inspect_tui.store import Edit, EventStore, meta
from inspect_tui.sync import bundle as bundle_mod
from inspect_tui.sync import client
from inspect_tui.sync.bundle import BundleReader, write_bundle
from inspect_tui.sync.client import export_bundle, import_bundle
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.hub import Hub
from inspect_tui.sync.keys import KeyPair, key_file, unb64

from .sync_helpers import enrol_offline, item


def fingerprint_of(store: EventStore):
    """Everything a user could see: the log, heads and materialised state."""
    events = sorted(e.row() for e in store.events())
    state = sorted((f.entity_id, f.field, repr(f.value), f.conflict)
                   for iid in {r[1] for r in events} for f in store.state(iid))
    return events, state


def edits(store: EventStore, n: int, prefix: str = "x", iid: str = "i1") -> None:
    """``n`` notes, written as the device's enrolled user."""
    store.record([Edit(iid, "finding", f"{iid}/finding/{item(prefix + str(k % 7))}", "note",
                       f"v{k}") for k in range(n)], meta.read_profile(store).name)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(bundle_mod, "CHUNK_ROWS", 40)


@pytest.fixture
def setup(tmp_path, small_chunks):
    hub = Hub.init(tmp_path / "hub.db")
    sam = EventStore(tmp_path / "sam.db")
    jo = EventStore(tmp_path / "jo.db")
    enrol_offline(sam, hub, "Sam Okafor")
    # Jo manages (and so sees every inspection, Sam's "i1" included).
    enrol_offline(jo, hub, "Jo Adeyemi", "manager")
    yield hub, sam, jo, tmp_path
    for thing in (hub, sam, jo):
        thing.close()


def test_bundle_round_trip_and_replay(setup):
    hub, sam, jo, tmp = setup
    edits(sam, 300)
    out = tmp / "sam.bundle"
    assert export_bundle(sam, out) == 300
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    result = hub.import_bundle(out)
    assert (result.sender, result.events, result.new) == (sam.device, 300, 300)
    after_first = fingerprint_of(hub.store)
    assert after_first[0] == fingerprint_of(sam)[0]
    # Importing the same bundle again changes nothing.
    assert hub.import_bundle(out).new == 0
    assert fingerprint_of(hub.store) == after_first
    # The hub makes a bundle for Jo; Jo imports it (twice: still nothing new).
    jo_bundle = tmp / "for-jo.bundle"
    assert hub.export_for(jo.device, jo_bundle) == 300
    assert import_bundle(jo, jo_bundle) == (300, 300)
    assert import_bundle(jo, jo_bundle) == (300, 0)
    assert fingerprint_of(jo) == fingerprint_of(hub.store)
    # Jo's edit comes back by bundle; Sam's next bundle holds only what is unacknowledged.
    edits(jo, 5, prefix="y")
    hub.import_bundle(_export(jo, tmp / "jo.bundle"))
    sam_bundle = tmp / "for-sam.bundle"
    hub.export_for(sam.device, sam_bundle)
    count, new = import_bundle(sam, sam_bundle)
    assert new == 5
    edits(sam, 3, prefix="z")
    assert export_bundle(sam, tmp / "sam2.bundle") == 3, "the hub acknowledged the first 300"
    assert export_bundle(sam, tmp / "sam-all.bundle", everything=True) == 308
    # An old bundle replayed after newer ones changes nothing.
    hub.import_bundle(tmp / "sam2.bundle")
    before = fingerprint_of(hub.store)
    assert hub.import_bundle(out).new == 0
    assert hub.import_bundle(tmp / "sam-all.bundle").new == 0
    assert fingerprint_of(hub.store) == before


def _export(store, path: Path) -> Path:
    export_bundle(store, path)
    return path


def test_exported_events_are_frozen(setup):
    """An exported event is never folded into a later edit: it has left the device."""
    hub, sam, jo, tmp = setup
    sam.record([Edit("i1", "finding", "i1/finding/a", "note", "draft")], "Sam", fold=True)
    export_bundle(sam, tmp / "b")
    sam.record([Edit("i1", "finding", "i1/finding/a", "note", "draft, more")], "Sam",
               fold=True)
    assert sam.event_count() == 2


def test_wrong_key_and_foreign_bundles_are_refused(setup):
    hub, sam, jo, tmp = setup
    edits(sam, 10)
    out = _export(sam, tmp / "sam.bundle")
    other = Hub.init(tmp / "other.db")
    with pytest.raises(BundleError, match="encrypted for a different key"):
        other.import_bundle(out)
    other.close()
    with pytest.raises(BundleError, match="encrypted for a different key"):
        import_bundle(jo, out)
    # Signed by a device the hub has never enrolled.
    stranger = KeyPair.generate()
    hub_box = unb64(KeyPair.from_json(key_file(hub.path).read_text()).box_public)
    rows = [e.row() for e in sam.events()]
    write_bundle(tmp / "stranger.bundle", rows, sender="deadbeefdeadbeef", sender_kind="device",
                 sign_key=stranger.sign, recipient_box=hub_box, vector={})
    with pytest.raises(BundleError, match="not enrolled at this hub"):
        hub.import_bundle(tmp / "stranger.bundle")
    # Claims to be Sam but signed with another key.
    write_bundle(tmp / "forged.bundle", rows, sender=sam.device, sender_kind="device",
                 sign_key=stranger.sign, recipient_box=hub_box, vector={})
    with pytest.raises(BundleError, match="signature does not match"):
        hub.import_bundle(tmp / "forged.bundle")
    # A bundle for Jo made by someone other than the hub.
    jo_box = unb64(client.device_keys(jo).box_public)
    write_bundle(tmp / "to-jo.bundle", rows, sender="deadbeefdeadbeef", sender_kind="hub",
                 sign_key=stranger.sign, recipient_box=jo_box, vector={})
    with pytest.raises(BundleError, match="foreign bundle"):
        import_bundle(jo, tmp / "to-jo.bundle")
    (tmp / "notes.txt").write_text("hello")
    with pytest.raises(BundleError, match="not an inspect-tui bundle"):
        hub.import_bundle(tmp / "notes.txt")
    assert hub.store.event_count() == 0 and jo.event_count() == 0


def test_a_bundle_with_a_forbidden_event_is_refused_whole(setup):
    hub, sam, jo, tmp = setup
    edits(sam, 100)
    entry = {"action": "approve", "by": "Sam Okafor", "role": "inspector",
             "at": "2026-11-27T10:00:00.000Z", "comment": "", "seen": {}}
    sam.record([Edit("i1", "review", "i1/review/1", "entry", entry)], "Sam Okafor")
    with pytest.raises(BundleError, match="nothing applied.*may not approve"):
        hub.import_bundle(_export(sam, tmp / "sam.bundle"))
    assert hub.store.event_count() == 0
    # Damage is named as damage, even when a forbidden event comes before it.
    cut = tmp / "cut.bundle"
    cut.write_bytes((tmp / "sam.bundle").read_bytes()[:-20])
    with pytest.raises(BundleError, match="truncated"):
        hub.import_bundle(cut)


def test_bundles_carry_no_young_peoples_names(tmp_path, service, demo_id, small_chunks):
    hub = Hub.init(tmp_path / "hub.db")
    enrol_offline(service, hub, "Sam Okafor")
    out = tmp_path / "demo.bundle"
    export_bundle(service, out)
    reader = BundleReader(out, hub.keys.box, lambda h: bundle_mod.public_sign_key(
        hub.registry.get(h.sender).sign_key))
    fields = {row[4] for chunk in reader.chunks() for row in chunk if row[2] == "young_person"}
    assert fields, "the demo has young people"
    assert fields <= set(YoungPerson.model_fields) | {"deleted"}
    assert not {"name", "first_name", "surname", "full_name"} & fields
    hub.close()


# --- fuzzing --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    saved = bundle_mod.CHUNK_ROWS
    bundle_mod.CHUNK_ROWS = 25
    hub = Hub.init(tmp / "hub.db")
    sam = EventStore(tmp / "sam.db")
    enrol_offline(sam, hub, "Sam Okafor")
    edits(sam, 120)
    data = _export(sam, tmp / "good.bundle").read_bytes()
    bundle_mod.CHUNK_ROWS = saved
    yield hub, data, tmp
    hub.close()
    sam.close()
    shutil.rmtree(tmp, ignore_errors=True)


FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _refused(hub: Hub, tmp: Path, data: bytes) -> None:
    path = tmp / "bad.bundle"
    path.write_bytes(data)
    before = hub.store.event_count()
    with pytest.raises(BundleError):
        hub.import_bundle(path)
    assert hub.store.event_count() == before


@FUZZ
@given(st.data())
def test_bit_flips_are_refused(fuzz_world, data):
    hub, good, tmp = fuzz_world
    position = data.draw(st.integers(0, len(good) - 1))
    bit = data.draw(st.integers(0, 7))
    flipped = bytearray(good)
    flipped[position] ^= 1 << bit
    _refused(hub, tmp, bytes(flipped))


@FUZZ
@given(st.data())
def test_truncated_or_extended_bundles_are_refused(fuzz_world, data):
    hub, good, tmp = fuzz_world
    if data.draw(st.booleans()):
        _refused(hub, tmp, good[:data.draw(st.integers(0, len(good) - 1))])
    else:
        _refused(hub, tmp, good + data.draw(st.binary(min_size=1, max_size=64)))


def test_chunks_reordered_or_dropped_are_refused(fuzz_world):
    hub, good, tmp = fuzz_world
    start = len(bundle_mod.MAGIC) + 4 + int.from_bytes(good[len(bundle_mod.MAGIC):][:4], "big")
    chunks, pos = [], start
    while pos < len(good):
        size = int.from_bytes(good[pos:pos + 4], "big")
        chunks.append(good[pos:pos + 4 + size])
        pos += 4 + size
    assert len(chunks) >= 4
    head = good[:start]
    _refused(hub, tmp, head + b"".join([chunks[1], chunks[0]] + chunks[2:]))
    _refused(hub, tmp, head + b"".join(chunks[:1] + chunks[2:]))
    _refused(hub, tmp, head + b"".join(chunks[:-1]))
    # The intact bundle does import, so the refusals above are about the damage.
    (tmp / "ok.bundle").write_bytes(good)
    assert hub.import_bundle(tmp / "ok.bundle").new == 120


def test_cli_refuses_a_damaged_bundle_on_one_line(setup, capsys):
    hub, sam, jo, tmp = setup
    edits(sam, 50)
    good = _export(sam, tmp / "sam.bundle").read_bytes()
    bad = tmp / "bad.bundle"
    bad.write_bytes(good[:-10])
    hub.close()
    code = cli.main(["sync", "import", str(bad), "--db", str(tmp / "hub.db")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "refused" in err or "truncated" in err or "damaged" in err
    assert cli.main(["sync", "import", str(tmp / "sam.bundle"), "--db",
                     str(tmp / "hub.db")]) == 0
    assert "50 events, 50 new" in capsys.readouterr().out
    assert cli.main(["sync", "import", str(tmp / "sam.bundle"), "--db",
                     str(tmp / "hub.db")]) == 0
    assert "50 events, 0 new" in capsys.readouterr().out
    hub.store = EventStore(tmp / "hub.db")  # reopened so the fixture can close it
