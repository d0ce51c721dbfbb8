"""Properties: any valid CSE record survives export -> import -> export unchanged; the
language matcher never fails and its spans are always inside the text."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testkit import empty_database

from inspect_tui.catalogue import default_catalogue
from inspect_tui.domain.cse.models import AGE_BANDS, NOTIFICATION_KINDS, YES_NO
from inspect_tui.domain.language import find_flags
from inspect_tui.domain.vocab import ETHNICITIES
from inspect_tui.service import Service

CATALOGUE = default_catalogue()
INDICATORS = [i.id for i in CATALOGUE.checklist("cse-indicators").items]
# Real instants, written as England times with their offset (as an import may give them):
# the range spans the October clock change, where a bare local time can be doubled.
BASE = datetime(2026, 10, 1, 7, 0, tzinfo=UTC)
ENGLAND = ZoneInfo("Europe/London")


def local(moment: datetime) -> str:
    return moment.astimezone(ENGLAND).isoformat()


hours = st.integers(min_value=0, max_value=24 * 40)
ids = st.text("abcdef0123456789", min_size=12, max_size=12)


@st.composite
def episodes(draw):
    went = BASE + timedelta(hours=draw(hours))
    back = went + timedelta(hours=draw(st.integers(0, 96)))
    held = draw(st.one_of(st.none(), st.integers(0, 200)))
    return {"id": draw(ids), "went_missing_at": local(went),
            "returned_at": local(back), "with_adults": draw(st.sampled_from(list(YES_NO))),
            "collected_by_adults": draw(st.sampled_from(list(YES_NO))),
            "police_informed": draw(st.sampled_from(list(YES_NO))), "rhi_offered_at": None,
            "rhi_held_at": None if held is None else local(back + timedelta(hours=held))}


@st.composite
def notifications(draw):
    event = BASE + timedelta(hours=draw(hours))
    made = draw(st.one_of(st.none(), st.integers(0, 100)))
    return {"id": draw(ids), "kind": draw(st.sampled_from(list(NOTIFICATION_KINDS))),
            "event_at": local(event),
            "made_at": None if made is None else local(event + timedelta(hours=made))}


@st.composite
def records(draw):
    indicators = draw(st.dictionaries(
        st.sampled_from(INDICATORS),
        st.fixed_dictionaries({"answer": st.sampled_from(["present", "not_present",
                                                           "not_known"]),
                               "noted_on": st.one_of(st.none(), st.just("2026-10-02")),
                               "source": st.text(max_size=20)}), max_size=6))
    perps = draw(st.lists(st.fixed_dictionaries({
        "id": ids, "sex": st.sampled_from(["male", "female", "not_known"]),
        "age_band": st.sampled_from(list(AGE_BANDS)),
        "ethnicity": st.sampled_from(list(ETHNICITIES))}), max_size=3, unique_by=lambda p: p["id"]))
    return {
        "indicators": dict(sorted(indicators.items())),
        "missing_episodes": draw(st.lists(episodes(), max_size=3, unique_by=lambda e: e["id"])),
        "notifications": draw(st.lists(notifications(), max_size=3, unique_by=lambda n: n["id"])),
        "classification": draw(st.sampled_from([None, "no_known_concerns", "heightened_risk",
                                                "experiencing_exploitation"])),
        "override_reason": draw(st.text(max_size=40)),
        "risk_management_note": draw(st.text(max_size=40)),
        "perpetrators": {"number": draw(st.one_of(st.none(), st.just(5))),
                         "acting_with_others": draw(st.sampled_from(list(YES_NO))),
                         "perpetrators": perps},
    }


@pytest.fixture(scope="module")
def demo_document(demo_template, tmp_path_factory):
    """The demo inspection as exported (from a copy: the template is never opened)."""
    path = tmp_path_factory.mktemp("props") / "demo.db"
    shutil.copy(demo_template[0], path)
    svc = Service(path, CATALOGUE)
    try:
        return svc.export_document(demo_template[1])
    finally:
        svc.close()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recs=st.lists(records(), min_size=1, max_size=2))
def test_any_cse_record_round_trips(demo_document, recs):
    iid = demo_document["id"]
    with tempfile.TemporaryDirectory() as tmp:
        data = {**demo_document}
        people = [y["id"] for y in data["young_people"]]
        data["cse"] = [{"young_person_id": yp, **rec} for yp, rec in zip(people, recs,
                                                                           strict=False)]
        other = Service(empty_database(Path(tmp) / "b.db"), CATALOGUE)
        try:
            other.import_document(data)
            first = other.export_document(iid)
            third = Service(empty_database(Path(tmp) / "c.db"), CATALOGUE)
            try:
                third.import_document(first)
                assert third.export_document(iid) == first
            finally:
                third.close()
        finally:
            other.close()


PIECES = list("abcdefghijklmnopqrstuvwxyz '\"“”‘’-.,\n") + [
    "she ", "putting ", "herself ", "at ", "risk ", "boyfriend", "sexually active",
    "consensual", "non-"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_matcher_never_fails_and_spans_are_inside(text):
    for include_quoted in (False, True):
        flags = find_flags(text, CATALOGUE.language, include_quoted=include_quoted)
        for flag in flags:
            assert 0 <= flag.start < flag.end <= len(text)
            assert text[flag.start:flag.end] == flag.text
        spans = sorted((f.start, f.end) for f in flags)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
