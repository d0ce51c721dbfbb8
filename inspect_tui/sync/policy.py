"""What a device may write, checked by the hub for every event it has not seen before.

- An event's shape: eleven fields of the right types, ``value`` and ``replaces`` valid
  JSON, and an id that is ``<device>-<device_seq>`` (so no one can take another event's id).
- A device writes only its own events: a row naming another device is accepted only if the
  hub already holds it (a harmless duplicate).
- Only a manager's device writes a manager's review entries: ``approve`` and ``return``, or
  any entry that claims the manager role.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from .errors import PolicyError

MANAGER_ACTIONS = frozenset({"approve", "return"})
MAX_TEXT = 1024
MAX_VALUE = 512 * 1024


def check_rows(rows: list[Any], device: str, role: str,
               known: Callable[[Iterable[str]], set[str]]) -> list[tuple]:
    """Validate one batch from ``device``; return it as tuples, or raise :class:`PolicyError`."""
    out: list[tuple] = []
    foreign: list[str] = []
    for row in rows:
        if type(row) is not list or len(row) != 11:
            raise PolicyError("malformed event (expected 11 fields)")
        (id_, iid, entity, entity_id, field, value, replaces, author, dev, seq, at) = row
        # Explicit checks rather than loops: this runs for every event of a large bundle.
        if (type(id_) is not str or type(iid) is not str or type(entity) is not str
                or type(entity_id) is not str or type(field) is not str
                or type(author) is not str or type(dev) is not str or type(at) is not str
                or type(value) is not str or type(replaces) is not str
                or type(seq) is not int or seq <= 0):
            raise PolicyError(f"event {str(id_)[:40]!r}: malformed field")
        if (not (iid and entity and entity_id and field and author and at)
                or len(iid) > MAX_TEXT or len(entity_id) > MAX_TEXT or len(field) > MAX_TEXT
                or len(entity) > MAX_TEXT or len(author) > MAX_TEXT or len(at) > MAX_TEXT
                or len(value) > MAX_VALUE or len(replaces) > MAX_VALUE):
            raise PolicyError(f"event {id_[:40]!r}: malformed field")
        if id_ != f"{dev}-{seq}":
            raise PolicyError(f"event {id_[:40]!r}: id does not match its device and sequence")
        if dev != device:
            # Relayed: harmless if the hub holds it already (merge drops it), else refused.
            foreign.append(id_)
            continue
        # JSON validity of value and replaces is checked in bulk by the store's merge
        # (``check_json``); a review entry is parsed here to check who may write it.
        if role != "manager" and entity == "review" and field == "entry":
            try:
                parsed = json.loads(value)
            except ValueError:
                raise PolicyError(f"event {id_[:40]!r}: value is not valid JSON") from None
            if not isinstance(parsed, dict):
                raise PolicyError(f"event {id_[:40]!r}: malformed review entry")
            action = parsed.get("action")
            if action in MANAGER_ACTIONS:
                raise PolicyError(f"device {device} ({role}) may not {action}: only a "
                                  f"manager's device can (event {id_})")
            if parsed.get("role") == "manager":
                raise PolicyError(f"device {device} ({role}) may not write a review entry "
                                  f"as a manager (event {id_}, {action})")
        out.append(tuple(row))
    if foreign:
        missing = set(foreign) - known(foreign)
        if missing:
            raise PolicyError(f"the batch carries {len(missing)} event(s) of other "
                              f"devices that the hub does not hold (e.g. {sorted(missing)[0]})")
    return out
