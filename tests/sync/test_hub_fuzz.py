"""Arbitrary events pushed from an inspector's device over real HTTP: each batch is either
refused whole, or every laptop that syncs still runs ``list``, ``check`` and ``report``
and opens the TUI home."""

from __future__ import annotations

import httpx
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from inspect_tui.domain.cse.models import AGE_BANDS, CLASSIFICATIONS, NOTIFICATION_KINDS
from inspect_tui.domain.entities import ENTITY_PARTS, entity_fields
from inspect_tui.domain.vocab import ETHNICITIES, FINDING_STATUSES, SEXES
from inspect_tui.store import EventStore
from inspect_tui.sync.client import sync_now

from .guard_helpers import commands_work, home_opens, row
from .test_hub_guards import enrol, token

KINDS = sorted(ENTITY_PARTS)
WORDS = (list(FINDING_STATUSES) + list(SEXES) + list(CLASSIFICATIONS) + list(AGE_BANDS)
         + list(NOTIFICATION_KINDS) + list(ETHNICITIES)[:4]
         + ["2026-11-27", "2026-02-30", "2026-11-27 10:00", "yes", "no", "present",
            "requirement", "full", "AB-123", "SC123456", "sa2023.r5.2.f.ii", ""])
scalars = (st.none() | st.booleans() | st.integers(-3, 600) | st.sampled_from(WORDS)
           | st.text(max_size=12))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.sampled_from(["action", "by", "role", "at", "seen",
                                                         "comment", "x"]), inner, max_size=4),
                      max_leaves=6)


POOL = [None, True, False, 0, 1, 2, 3, 4, 16, 17, 18, 99, 500, [], ["AB-1"], ["x", "y"],
        {"x": "y"}] + WORDS


def _fits(kind: str, field: str, value) -> bool:
    from inspect_tui.domain.entities import field_adapter

    adapter = field_adapter(kind, field)
    try:
        adapter.validate_python(value)
    except Exception:  # noqa: BLE001 - any refusal: not a candidate
        return False
    return True


# Per field, the values of the pool its type accepts: most events then pass the field's
# own check, and the hub has to judge their meaning together.
FITTING = {(k, f): [v for v in POOL if _fits(k, f, v)] or [None]
           for k, fs in entity_fields().items() for f in fs if k != "review"}


@st.composite
def events(draw, iid: str, parts: list[str], held: list[str]):
    """One event of valid shape and random meaning: a known kind mostly, an entity id
    made by the codec mostly, a field of the kind mostly, any JSON value."""
    kind = draw(st.sampled_from(KINDS))
    fields = sorted(entity_fields()[kind])
    field = draw(st.sampled_from(fields) | st.sampled_from(["x", "deleted"]))
    n = ENTITY_PARTS[kind]
    chosen = [draw(st.sampled_from(parts)) for _ in range(n)]
    eid = iid if kind == "inspection" else "/".join([iid, kind, *chosen])
    if draw(st.integers(0, 9)) == 0:
        eid = draw(st.sampled_from([iid, f"{iid}/{kind}", f"{iid}/{kind}/a/b/c"]))
    # ``held`` grows as batches are accepted: an index into it, drawn the same way whatever
    # its length, keeps each test case's draws alike (hypothesis refuses them otherwise).
    replaces = ([held[k % len(held)] for k in draw(st.lists(st.integers(0, 2**16),
                                                              max_size=1))]
                if held and draw(st.integers(0, 3)) == 0 else [])
    fitting = FITTING.get((kind, field))
    value = (draw(st.sampled_from(fitting)) if fitting and draw(st.integers(0, 4))
             else draw(values))
    return kind, eid, field, value, tuple(replaces)


def test_arbitrary_events_are_refused_whole_or_harmless(hub_db, hub_server, make_laptop,
                                                       service, demo_id, tmp_path):
    sam = enrol(service, hub_db, hub_server, "Sam Okafor")
    jo = enrol(make_laptop("Jo Adeyemi"), hub_db, hub_server, "Jo Adeyemi")
    iid = demo_id
    doc = sam.load(iid)
    parts = ([y.id for y in doc.young_people] + [p.id for p in doc.premises]
             + [f.item_id for f in doc.findings[:3]] + ["new1", "cse-missing", ""])
    held = [e.id for e in sam.store.events(iid)][-40:]
    seq = [sam.store.version_vector()[sam.store.device]]
    outcomes = {"accepted": 0, "refused": 0}

    # Most random batches are refused; one honest edit makes sure the accepted path
    # (a laptop that syncs it still works) is walked on every run, not one in eight.
    honest = [("finding", f"{iid}/finding/{doc.findings[0].item_id}", "note", "Seen", ())]

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @example(batch=honest)
    # A review entry whose action is not a string once gave a 500 (hashed as a set key).
    @example(batch=[("review", f"{iid}/review/x1", "entry", {"action": []}, ())])
    @given(batch=st.lists(events(iid, parts, held), min_size=1, max_size=3))
    def push(batch):
        rows = [row(sam.store.device, seq[0] + n + 1, iid, kind, eid, field, value,
                    "Sam Okafor", replaces)
                for n, (kind, eid, field, value, replaces) in enumerate(batch)]
        before = _hub_count(hub_db)
        r = httpx.post(f"{hub_server.url}/v1/push", headers=token(sam), json={"rows": rows})
        assert r.status_code in (200, 403, 422), r.text
        if r.status_code != 200:
            outcomes["refused"] += 1
            assert _hub_count(hub_db) == before, "refused whole"
            assert "\n" not in r.json()["error"]
            return
        outcomes["accepted"] += 1
        seq[0] += len(rows)
        held.extend(r[0] for r in rows)
        sync_now(jo)
        commands_work(jo.store.path, tmp_path)

    push()
    assert outcomes["refused"] and outcomes["accepted"], outcomes
    import asyncio

    asyncio.run(home_opens(jo.store.path))


def _hub_count(hub_db) -> int:
    store = EventStore(hub_db)
    try:
        return store.event_count()
    finally:
        store.close()
