"""The one time policy (inspect_tui/domain/time.py): England's date and clock whatever the
machine's zone, stored stamps in UTC, times shown with BST or GMT named, and no module
reading the clock or the machine's zone past it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import inspect_tui
from inspect_tui.domain import time as policy


@pytest.mark.parametrize("utc, england", [
    (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), date(2026, 7, 1)),    # BST: already July
    (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), date(2026, 12, 31)),  # GMT: still 31st
    (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), date(2026, 3, 29)),
])
def test_today_is_the_date_in_england(monkeypatch, utc, england):
    monkeypatch.setattr(policy, "utc_now", lambda: utc)
    assert policy.today() == england


@pytest.mark.parametrize("stamp, shown, long", [
    ("2026-07-01T11:00:00.000Z", "1 Jul 2026 12:00 BST", "1 July 2026, 12:00 BST"),
    ("2026-12-01T11:00:00.000Z", "1 Dec 2026 11:00 GMT", "1 December 2026, 11:00 GMT"),
    ("2026-10-25T00:30:00+00:00", "25 Oct 2026 01:30 BST", "25 October 2026, 01:30 BST"),
    ("2026-10-25T01:30:00+00:00", "25 Oct 2026 01:30 GMT", "25 October 2026, 01:30 GMT"),
])
def test_stored_utc_stamps_are_shown_in_england_with_the_zone(stamp, shown, long):
    assert policy.shown(stamp) == shown
    assert policy.shown_long(stamp) == long


def test_event_stamps_stay_utc():
    stamp = policy.utc_stamp(datetime(2026, 7, 1, 12, 0, tzinfo=policy.ENGLAND))
    assert stamp == "2026-07-01T11:00:00.000Z"
    assert policy.parse_stamp(stamp) == datetime(2026, 7, 1, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize("typed, since", [
    ("2026-07-01", "2026-06-30T23:00:00.000Z"),        # the day in England, from its start
    ("2026-12-01", "2026-12-01T00:00:00.000Z"),
    ("2026-07-01T10:00", "2026-07-01T09:00:00.000Z"),  # England local
    ("2026-07-01T10:00Z", "2026-07-01T10:00:00.000Z"),
])
def test_since_is_a_day_or_time_in_england(typed, since):
    assert policy.since_stamp(typed) == since


def test_durations_are_never_rounded_onto_a_deadline():
    from datetime import timedelta

    assert policy.shown_duration(timedelta(hours=72, minutes=30)) == "72 hours 30 minutes"
    assert policy.shown_duration(timedelta(hours=24, seconds=20)) == "24 hours"
    assert policy.shown_duration(timedelta(minutes=1)) == "1 minute"


# Reading the clock or the machine's own zone anywhere else would bring a second policy.
FORBIDDEN = re.compile(r"datetime\.now\(|date\.today\(|utcnow\(|time\.localtime\("
                       r"|\.astimezone\(\)|fromtimestamp\(")


def test_only_the_time_policy_reads_the_clock_or_the_machines_zone():
    root = Path(inspect_tui.__file__).parent
    offenders = [f"{path.relative_to(root)}:{n}" for path in sorted(root.rglob("*.py"))
                 if path.name != "time.py" or path.parent.name != "domain"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if FORBIDDEN.search(line)]
    assert offenders == []
