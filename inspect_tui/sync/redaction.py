"""The hub's check of redaction events, before anything is written.

Only a manager's device may redact (:func:`inspect_tui.domain.redaction.may_redact`);
each target must be an event of the same inspection that the hub holds (or that comes
earlier in the same batch), and its new value must be its old one with text replaced by
the marker and nothing else, so a "redaction" cannot rewrite a finding or an approval.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from ..domain.redaction import Redaction, may_redact, valid_target
from ..store import EventStore
from ..store.sync import Device, event_values
from .errors import PolicyError


def check_redactions(rows: Iterable[Any], device: Device, store: EventStore) -> int:
    """Raise :class:`PolicyError` for a redaction ``device`` may not make; return how many
    redactions the batch carries."""
    rows = list(rows)
    redactions = [r for r in rows if r[2] == "redaction" and r[8] == device.device]
    if not redactions:
        return 0
    if not may_redact(device.role):
        raise PolicyError(f"device {device.device} ({device.role}) may not redact: only a "
                          f"manager's device can (event {redactions[0][0]})")
    in_batch = {r[0]: (r[1], r[5]) for r in rows}
    for row in redactions:
        try:
            redaction = Redaction.model_validate(json.loads(row[5]))
        except (ValueError, ValidationError):
            raise PolicyError(f"event {row[0]}: malformed redaction") from None
        held = event_values(store, list(redaction.targets))
        for target, new in redaction.targets.items():
            found = held.get(target) or in_batch.get(target)
            if found is None:
                raise PolicyError(f"event {row[0]}: redacts {target}, which the hub "
                                  "does not hold")
            inspection, old = found
            if inspection != row[1]:
                raise PolicyError(f"event {row[0]}: redacts {target} of another inspection")
            if not valid_target(old, new):
                raise PolicyError(f"event {row[0]}: the new value of {target} does more "
                                  "than erase text")
    return len(redactions)
