"""The validator's quick path (an (entity id, field) already found good) gives the verdict
the long way gives: each row here follows one that made its field known, and is refused,
or not, for the reason it would be refused for on its own."""

from __future__ import annotations

import json

import pytest

from inspect_tui.domain.validation import Validator
from inspect_tui.store import EventStore
from inspect_tui.store.sync import StoreKnown

from .sync_helpers import item

IID = "insp0001"
AT = "2026-11-27T10:00:00.000Z"
DEV = "a1a1a1a1"
NOTE = f"{IID}/finding/{item(0)}"
OTHER = f"{IID}/finding/{item(1)}"


def row(seq: int, entity: str, eid: str, field: str, value, replaces=(), *,
        raw_value: str | None = None, raw_replaces: str | None = None) -> list:
    return [f"{DEV}-{seq}", IID, entity, eid, field,
            json.dumps(value) if raw_value is None else raw_value,
            json.dumps(list(replaces)) if raw_replaces is None else raw_replaces,
            "Ann Inspector", DEV, seq, AT]


def verdicts(store: EventStore, rows: list[list]) -> dict[str, str]:
    validator = Validator(StoreKnown(store), require_seen=False)
    return {r.event_id: r.reason for r in validator.check(rows)}


@pytest.fixture
def store(tmp_path):
    store = EventStore(tmp_path / "laptop.db")
    yield store
    store.close()


# Each case: rows after the two that make the note fields of two findings known (1, 2).
CASES = {
    "a valid edit replacing the first": ([row(3, "finding", NOTE, "note", "b", [f"{DEV}-1"])],
                                         {}),
    "a value of the wrong type": ([row(3, "finding", NOTE, "note", 5, [f"{DEV}-1"])],
                                  {f"{DEV}-3": "finding note"}),
    "a value that is not JSON": ([row(3, "finding", NOTE, "note", None, raw_value="{")],
                                 {f"{DEV}-3": "finding note"}),
    "replaces that is not JSON": ([row(3, "finding", NOTE, "note", "b", raw_replaces="[x")],
                                  {f"{DEV}-3": "replaces is not valid JSON"}),
    "replaces that is an object": ([row(3, "finding", NOTE, "note", "b", raw_replaces="{}")],
                                   {f"{DEV}-3": "replaces must be a short list"}),
    "replaces that is zero": ([row(3, "finding", NOTE, "note", "b", raw_replaces="0")],
                              {f"{DEV}-3": "replaces must be a short list"}),
    "replaces of a number": ([row(3, "finding", NOTE, "note", "b", raw_replaces="[1]")],
                             {f"{DEV}-3": "replaces must be a short list"}),
    "replaces an event not held": ([row(3, "finding", NOTE, "note", "b", ["zz-1"])],
                                   {f"{DEV}-3": "an event not held here"}),
    "replaces an event of another field": (
        [row(3, "finding", NOTE, "note", "b", [f"{DEV}-2"])],
        {f"{DEV}-3": "an event of another entity or field"}),
    "replaces an event later in the batch": (
        [row(3, "finding", NOTE, "note", "b", [f"{DEV}-4"]),
         row(4, "finding", NOTE, "note", "c", [f"{DEV}-1"])],
        {f"{DEV}-3": "an event not held here"}),
    "replaces an event refused earlier in the batch": (
        [row(3, "finding", NOTE, "note", 5, [f"{DEV}-1"]),
         row(4, "finding", NOTE, "note", "c", [f"{DEV}-3"])],
        {f"{DEV}-3": "finding note", f"{DEV}-4": "an event not held here"}),
    "replaces two events, one of another field": (
        [row(3, "finding", NOTE, "note", "b", [f"{DEV}-1", f"{DEV}-2"])],
        {f"{DEV}-3": "an event of another entity or field"}),
    # The one-id form is read without the JSON parser; these must read as JSON reads them.
    "replaces the first, written with a JSON escape": (
        [row(3, "finding", NOTE, "note", "b", raw_replaces=f'["{DEV}-\\u0031"]')], {}),
    "replaces holding a raw tab": (
        [row(3, "finding", NOTE, "note", "b", raw_replaces=f'["{DEV}-1\t"]')],
        {f"{DEV}-3": "replaces is not valid JSON"}),
    "replaces of three characters": (
        [row(3, "finding", NOTE, "note", "b", raw_replaces='["]')],
        {f"{DEV}-3": "replaces is not valid JSON"}),
    "replaces of an empty id": (
        [row(3, "finding", NOTE, "note", "b", raw_replaces='[""]')],
        {f"{DEV}-3": "an event not held here"}),
    "an item of no edition, after a known one": (
        [row(3, "finding", f"{IID}/finding/no.such", "note", "b")],
        {f"{DEV}-3": "no standards item"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_known_field_is_refused_for_the_reason_it_would_be_alone(store, case):
    rows, expected = CASES[case]
    first = [row(1, "finding", NOTE, "note", "a"), row(2, "finding", OTHER, "note", "a")]
    # In one batch and in a batch after the first: the quick path's cache lives across.
    for batches in ([first + rows], [first, rows]):
        validator = Validator(StoreKnown(store), require_seen=False)
        got: dict[str, str] = {}
        for batch in batches:
            got.update({r.event_id: r.reason for r in validator.check(batch)})
        assert set(got) == set(expected), (case, got)
        for event_id, words in expected.items():
            assert words in got[event_id], (case, got)


def test_a_value_the_catalogue_checks_is_checked_on_every_row(store):
    eid = f"{IID}/outcome"
    rows = [row(1, "outcome", eid, "judgement", "inconsistent"),
            row(2, "outcome", eid, "judgement", "bogus", [f"{DEV}-1"]),
            row(3, "outcome", eid, "judgement", "consistently-strong", [f"{DEV}-1"])]
    got = verdicts(store, rows)
    assert list(got) == [f"{DEV}-2"] and "no outcome 'bogus'" in got[f"{DEV}-2"]


def test_an_event_held_here_and_refused_in_the_batch_can_still_be_replaced(store):
    """The event replaced is asked of the store when the batch's own copy of it fails."""
    held = row(1, "finding", NOTE, "note", "a")
    store.merge_rows([tuple(held)])
    copy = list(held)
    copy[5] = "5"  # the batch's copy is refused (a value of the wrong type)
    got = verdicts(store, [copy, row(2, "finding", NOTE, "note", "b", [f"{DEV}-1"])])
    assert list(got) == [f"{DEV}-1"], got
