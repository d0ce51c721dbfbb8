"""What a device may write, checked by the hub for every batch before anything is merged.

- A device writes only its own events: a row naming another device is accepted only if the
  hub already holds it (a harmless duplicate, dropped).
- An event's author is the enrolled device's user: the hub refuses an event written under
  another name, and a review entry whose ``by`` or ``role`` is not the device's.
- Only a manager's device writes a manager's review entries (``approve``, ``return``).
- Every other rule is the one validator of :mod:`inspect_tui.domain.validation` (shape,
  entity ids, values, ``replaces``, the review state machine), the same a laptop runs.

The checks are split so that each refusal says which rule it broke: :class:`PolicyError`
(HTTP 403) for who may write what, :class:`InvalidEvents` (HTTP 422) for what no one may.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from ..domain.validation import ROW_FIELDS, Validator
from ..store.sync import Device
from .errors import InvalidEvents, PolicyError

MANAGER_ACTIONS = frozenset({"approve", "return"})


def split_batch(rows: Any, device: Device, known: Callable[[Iterable[str]], set[str]]
                ) -> list[list[Any]]:
    """The rows ``device`` wrote itself; relayed rows must already be held (dropped)."""
    if not isinstance(rows, list):
        raise InvalidEvents("malformed batch (expected a list of events)")
    own: list[list[Any]] = []
    foreign: list[str] = []
    me, width = device.device, len(ROW_FIELDS)
    for row in rows:
        if (isinstance(row, list) and len(row) == width and row[8] != me
                and isinstance(row[8], str) and isinstance(row[0], str)):
            if row[0] != f"{row[8]}-{row[9]}":
                raise PolicyError(f"event {row[0][:40]!r}: id does not match its device and "
                                  "sequence", event_id=row[0][:40])
            foreign.append(row[0])
        else:
            own.append(row)
    if foreign:
        missing = set(foreign) - known(foreign)
        if missing:
            first = sorted(missing)[0]
            raise PolicyError(f"the batch carries {len(missing)} event(s) of other "
                              f"devices that the hub does not hold (e.g. {first})",
                              event_id=first[:80])
    return own


def check_authorship(rows: list[list[Any]], device: Device) -> None:
    """Refuse an event not written as the device's user, or a review entry beyond its role."""
    name, width = device.name, len(ROW_FIELDS)
    for row in rows:
        if type(row) is not list or len(row) != width:
            continue  # the validator names the malformed row
        if row[7] != name:
            id_, author = str(row[0])[:40], row[7]
            raise PolicyError(f"event {id_!r}: written as {str(author)[:60]!r}, but device "
                              f"{device.device} is enrolled for {device.name!r}", event_id=id_)
        if row[2] != "review" or row[4] != "entry" or not isinstance(row[5], str):
            continue
        id_ = str(row[0])[:40]
        try:
            entry = json.loads(row[5])
        except (ValueError, RecursionError):
            continue
        if not isinstance(entry, dict):
            continue
        action = entry.get("action")  # any JSON value: the validator judges its shape
        if isinstance(action, str) and action in MANAGER_ACTIONS and device.role != "manager":
            raise PolicyError(f"device {device.device} ({device.role}) may not {action}: only "
                              f"a manager's device can (event {id_})", event_id=id_)
        if entry.get("role") != device.role:
            raise PolicyError(f"device {device.device} ({device.role}) may not write a review "
                              f"entry as a {str(entry.get('role'))[:20]} (event {id_}, "
                              f"{str(action)[:20]})", event_id=id_)
        if entry.get("by") != device.name:
            raise PolicyError(f"event {id_!r}: a review entry by {str(entry.get('by'))[:60]!r}"
                              f", but device {device.device} is enrolled for {device.name!r}",
                              event_id=id_)


def check_batch(rows: Any, device: Device, validator: Validator,
                known: Callable[[Iterable[str]], set[str]]) -> list[tuple]:
    """Check one batch from ``device``; return its own rows as tuples, or raise."""
    own = split_batch(rows, device, known)
    check_authorship(own, device)
    rejections = validator.check(own)
    if rejections:
        more = f" (and {len(rejections) - 1} more)" if len(rejections) > 1 else ""
        raise InvalidEvents(f"{rejections[0].line()}{more}", event_id=rejections[0].event_id)
    return [tuple(r) for r in own]
