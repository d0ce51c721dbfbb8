"""The one time policy. Every module that reads, stores, compares or shows a time asks here.

- **Recorded times** (when a young person went missing and returned, when an interview was
  offered or held, when an event happened and was notified) are England local time, the
  time on the clock where it happened (``zoneinfo`` Europe/London; the ``tzdata`` package
  supplies the zone on Windows). They are stored as typed, ``YYYY-MM-DDTHH:MM:SS`` without a
  zone, except a time that occurs twice (below), which is stored with its offset.
- **Elapsed time is real time**: both ends go to UTC before subtracting, so a return at
  12:00 on Saturday 24 October 2026 and an interview at 11:30 on Tuesday 27 October is
  72½ hours (the clocks go back on the Sunday), not the 71½ the clock faces suggest.
- **Clock changes**: a time that does not exist (the spring gap, 01:00-01:59 on the last
  Sunday of March) is refused with the time the clock showed instead. A time that occurs
  twice (the autumn fold, 01:00-01:59 on the last Sunday of October) is refused unless it
  says which: "BST" (the first, before the clocks go back) or "GMT" (the second), or an
  offset. Times stored before this rule, or arriving by sync from an older version, are
  read, not refused: a doubled time as its first occurrence, a missing one as though the
  clocks had not yet changed (zoneinfo's reading).
- **Typed or imported with an offset or ``Z``** (``2026-10-24T11:00:00Z``), a time is
  converted to England local time. A zone name must be the one in force at that time.
- **Shown to people**: England local time with the zone named, "24 Oct 2026 12:00 BST".
- **Stored event times** (``at`` in the event log, review entries) stay UTC.
- **Today** is the date in England, whatever the machine's own zone.

Pure: no I/O beyond reading the clock in :func:`utc_now` and :func:`today`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

ENGLAND = ZoneInfo("Europe/London")
TYPED_FORMAT = "YYYY-MM-DD HH:MM"
_ZONE_OFFSETS = {"BST": timedelta(hours=1), "GMT": timedelta(0), "UTC": timedelta(0)}
_NAMED = re.compile(r"^(?P<time>.*?)\s*(?P<zone>BST|GMT|UTC)$", re.IGNORECASE)


# --- the clock ---------------------------------------------------------------------------

def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_stamp(moment: datetime | None = None, timespec: str = "milliseconds") -> str:
    """A stored event time: UTC, ISO 8601 with ``Z``."""
    moment = (moment or utc_now()).astimezone(UTC)
    return moment.isoformat(timespec=timespec).replace("+00:00", "Z")


def parse_stamp(text: str) -> datetime:
    """A stored UTC time (``...Z`` or with an offset) as an aware datetime; a stamp
    without a zone is read as UTC, which is what every stored one is."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def since_stamp(text: str) -> str:
    """A "since" a person types (a date: from the start of that day in England; a time:
    England local unless it has an offset) as the UTC stamp stored times compare with."""
    text = text.strip()
    if "T" not in text and " " not in text:
        day = date.fromisoformat(text)
        return utc_stamp(datetime.combine(day, clock_time.min, ENGLAND))
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return utc_stamp(moment if moment.tzinfo else _wall(moment))


def today() -> date:
    """The date in England now."""
    return utc_now().astimezone(ENGLAND).date()


def england_now() -> datetime:
    return utc_now().astimezone(ENGLAND)


def parse_date(value: Any) -> date | None:
    """A date as typed, YYYY-MM-DD (a time of day is dropped); None for nothing.
    ValueError worded for people, to stand beside the field's name."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


# --- recorded local times ----------------------------------------------------------------

def _wall(naive: datetime, fold: int = 0) -> datetime:
    return naive.replace(tzinfo=ENGLAND, fold=fold)


def exists(naive: datetime) -> bool:
    """False for a wall time skipped when the clocks go forward."""
    return (_wall(naive).astimezone(UTC).astimezone(ENGLAND).replace(tzinfo=None)
            == naive.replace(fold=0))


def ambiguous(naive: datetime) -> bool:
    """True for a wall time that occurs twice when the clocks go back."""
    return exists(naive) and _wall(naive, 0).utcoffset() != _wall(naive, 1).utcoffset()


def from_instant(moment: datetime) -> datetime:
    """An aware time as England local time: naive, or aware (Europe/London, with its
    fold) when the wall time occurs twice, so the record keeps which one it is."""
    local = moment.astimezone(ENGLAND)
    naive = local.replace(tzinfo=None, fold=0)
    return local if ambiguous(naive) else naive


def instant(local: datetime) -> datetime:
    """A recorded time (naive England local, or aware) in UTC, for arithmetic."""
    if local.tzinfo is None:
        local = _wall(local, 0)
    return local.astimezone(UTC)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time from ``start`` to ``end`` (both recorded times), across clock changes."""
    return instant(end) - instant(start)


def later(local: datetime, delta: timedelta) -> datetime:
    """The recorded time ``delta`` of real time after ``local``."""
    return from_instant(instant(local) + delta)


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in England (midnight is never at a clock change)."""
    return datetime.combine(day, clock_time.max)


def _hhmm(naive: datetime) -> str:
    return f"{naive:%Y-%m-%d %H:%M}"


def gap_message(naive: datetime) -> str:
    shifted = from_instant(instant(naive))
    return (f"{_hhmm(naive)} does not exist in England: the clocks went forward an hour "
            f"that night; the clock showed {shifted:%H:%M} BST then")


def fold_message(naive: datetime) -> str:
    return (f"{_hhmm(naive)} happens twice in England: the clocks went back an hour that "
            f"night; add BST for the first time or GMT for the second "
            f"(e.g. {_hhmm(naive)} BST)")


def zone_name(local: datetime) -> str:
    """BST or GMT, whichever was in force at the recorded time."""
    aware = local if local.tzinfo is not None else _wall(local)
    return "BST" if aware.astimezone(ENGLAND).utcoffset() else "GMT"


def parse_recorded(value: Any, *, lenient: bool = False) -> datetime | None:
    """A time a person recorded, as England local time (see the module docstring); None
    for nothing. ``lenient``: a value already stored, read even if it falls in a clock
    change. Raises ValueError with a message fit to show beside the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        raise ValueError(f"{value.isoformat()} has no time (use {TYPED_FORMAT})")
    else:
        result = _parse_text(str(value).strip())
    if result.tzinfo is not None:
        return from_instant(result)
    if lenient:
        return result.replace(fold=0)
    if not exists(result):
        raise ValueError(gap_message(result))
    if ambiguous(result):
        raise ValueError(fold_message(result))
    return result


def _parse_text(text: str) -> datetime:
    named = _NAMED.match(text)
    body = named.group("time") if named else text
    bad = f"{text!r} is not a date and time (use {TYPED_FORMAT})"
    if len(body) <= 10:
        raise ValueError(bad)
    try:
        result = datetime.fromisoformat(body)
    except ValueError:
        raise ValueError(bad) from None
    if named is None:
        return result
    zone = named.group("zone").upper()
    if result.tzinfo is not None:
        raise ValueError(f"{text!r}: give a zone name or an offset, not both")
    if zone == "UTC":
        return result.replace(tzinfo=UTC)
    offset = _ZONE_OFFSETS[zone]
    if not exists(result):
        raise ValueError(gap_message(result))
    if ambiguous(result):
        return _wall(result, 0 if offset else 1)
    if _wall(result).utcoffset() != offset:
        raise ValueError(f"{_hhmm(result)} {zone}: England was on {zone_name(result)} "
                         "then, not " + zone)
    return result


# --- showing -----------------------------------------------------------------------------

def typed(local: datetime | None) -> str | None:
    """A recorded time as a person types it; the zone only where the time occurs twice."""
    if local is None:
        return None
    if local.tzinfo is not None:
        wall = local.astimezone(ENGLAND)
        return f"{_hhmm(wall)} {zone_name(wall)}"
    return _hhmm(local)


def shown_duration(delta: timedelta) -> str:
    """Elapsed time for people, never rounded onto a deadline: "72 hours 30 minutes"."""
    minutes = max(0, round(delta.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{hours} hour" + ("s" if hours != 1 else "")] if hours else []) + (
        [f"{minutes} minute" + ("s" if minutes != 1 else "")] if minutes or not hours else [])
    return " ".join(parts)


def _moment(value: str | datetime) -> datetime:
    """A stored UTC stamp or a recorded time, in England."""
    if isinstance(value, str):
        return parse_stamp(value).astimezone(ENGLAND)
    return instant(value).astimezone(ENGLAND)


def shown(value: str | datetime | None) -> str:
    """For people: "24 Oct 2026 12:00 BST". A string is a stored UTC stamp; a naive
    datetime a recorded (England local) time."""
    if value is None:
        return ""
    try:
        moment = _moment(value)
    except ValueError:
        return str(value)
    return f"{moment.day} {moment:%b %Y %H:%M} {moment.tzname()}"


def shown_long(value: str | datetime) -> str:
    """For a report: "24 October 2026, 12:00 BST"."""
    try:
        moment = _moment(value)
    except ValueError:
        return str(value)
    return f"{moment.day} {moment:%B %Y}, {moment:%H:%M} {moment.tzname()}"


def shown_clock(value: str | datetime | float) -> str:
    """Time of day for people, with the zone: "14:03:07 GMT". A float is a Unix time."""
    if isinstance(value, int | float):
        moment = datetime.fromtimestamp(value, UTC).astimezone(ENGLAND)
    else:
        moment = _moment(value)
    return f"{moment:%H:%M:%S} {moment.tzname()}"


def shown_day(value: str | datetime) -> tuple[date, str]:
    """The England date of a stored stamp and its time "14:03 GMT" (for "today at ...")."""
    moment = _moment(value)
    return moment.date(), f"{moment:%H:%M} {moment.tzname()}"

