"""Redaction: the one sanctioned change to the immutable event log.

A manager redacts text that must not be kept (a child's name typed into a note, a
mistyped name). A redaction is itself an event (entity ``redaction``): it names the
earlier events whose values held the text and gives each its new value, the old one with
every occurrence replaced by a marker. Every device and the hub that receives it
replaces those values in its log and state; the events keep their ids, sequence numbers,
authors and times, so version vectors and heads are untouched. The redaction carries who,
when and why, never the text itself.

The rules here are shared by the service (what to redact), the store (applying it) and
the hub's door (:func:`is_redaction_of`: a "redaction" that changes anything but
occurrences of some text into the marker is refused, so it cannot rewrite the record).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MARKER = "[redacted]"
SHORT_MARKER = "REDACTED"  # where a field's pattern will not take brackets (a case code)
MARKERS = (MARKER, SHORT_MARKER)
MIN_FIND = 2
REDACTOR_ROLE = "manager"
_SPLIT = re.compile("|".join(re.escape(m) for m in MARKERS))


class Redaction(BaseModel):
    """The value of a ``redaction`` event."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    targets: dict[str, str] = Field(min_length=1, description="event id -> new value (JSON)")
    by: str = Field(min_length=1, max_length=200)
    on: date
    reason: str = Field(min_length=1, max_length=200)

    def note(self) -> str:
        return f"redacted by {self.by} on {self.on.isoformat()}: {self.reason}"


def may_redact(role: str | None) -> bool:
    return role == REDACTOR_ROLE


def find_problem(find: str) -> str | None:
    """Why ``find`` cannot be redacted (too short, or the marker itself), if it cannot."""
    text = find.strip()
    if len(text) < MIN_FIND:
        return f"give at least {MIN_FIND} characters to find"
    if any(text.casefold() in m.casefold() for m in MARKERS):
        return "that text is part of the redaction marker"
    return None


def redact_value(value: Any, find: str, marker: str = MARKER) -> tuple[Any, int]:
    """``value`` with every occurrence of ``find`` (any case) in its strings replaced."""
    pattern = re.compile(re.escape(find.strip()), re.IGNORECASE)
    count = 0

    def walk(v: Any) -> Any:
        nonlocal count
        if isinstance(v, str):
            new, n = pattern.subn(marker, v)
            count += n
            return new
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        return v

    return walk(value), count


def _string_redacts(old: str, new: str) -> bool:
    parts = _SPLIT.split(new)
    if len(parts) == 1:
        return old == new
    regex = "(.+?)".join(re.escape(p) for p in parts)
    return re.fullmatch(regex, old, re.DOTALL) is not None


def is_redaction_of(old: Any, new: Any) -> bool:
    """Is ``new`` ``old`` with some of its text replaced by the marker, and nothing else?"""
    if isinstance(old, str) and isinstance(new, str):
        return _string_redacts(old, new)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(map(is_redaction_of, old, new))
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(is_redaction_of(old[k], new[k]) for k in old)
    return old == new


def valid_target(old_json: str, new_json: str) -> bool:
    """:func:`is_redaction_of` on JSON texts; a changed value is required."""
    try:
        old, new = json.loads(old_json), json.loads(new_json)
    except ValueError:
        return False
    return old != new and is_redaction_of(old, new)
