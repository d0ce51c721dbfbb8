"""What the hub records in its audit trail, and checking the chain.

Recorded: enrolment codes issued and claimed, refused enrolments, revocations, pushes
(events and the inspections they touch), pulls (which inspections were sent to which
device), bundles in and out (and bundles refused), failed authentication, membership
changes and redactions.
A record names devices, staff names, inspection ids, counts and reasons; never a case
code, a child's name or any text from the record (a redaction's reason is the manager's
own words about why, and the redacted text is never in it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..store import EventStore
from ..store import audit as trail
from ..store.audit import GENESIS, AuditRecord, record_hash

ENROL_CODE = "enrol-code"
ENROLLED = "enrolled"
ENROL_REFUSED = "enrol-refused"
REVOKED = "revoked"
PUSH = "push"
PUSH_REFUSED = "push-refused"
PULL = "pull"
BUNDLE_IN = "bundle-in"
BUNDLE_OUT = "bundle-out"
BUNDLE_REFUSED = "bundle-refused"
AUTH_FAILED = "auth-failed"
TOKEN_RENEWED = "token-renewed"
ASSIGNED = "assigned"
TEAM_SET = "team-set"
REDACTION = "redaction"


def per_inspection(rows: Iterable[Any]) -> dict[str, int]:
    """How many of ``rows`` (event rows, inspection id second) belong to each inspection."""
    return dict(Counter(row[1] for row in rows))


class AuditTrail:
    def __init__(self, store: EventStore):
        self.store = store

    def record(self, kind: str, device: str | None = None, inspections: Iterable[str] = (),
               **detail: Any) -> AuditRecord:
        return trail.append(self.store, kind, device, list(inspections), detail)

    def records(self, **filters: Any) -> list[AuditRecord]:
        return list(trail.records(self.store, **filters))


@dataclass(frozen=True)
class Verdict:
    ok: bool
    count: int
    head: str
    problem: str = ""


def verify(store: EventStore) -> Verdict:
    """Walk the chain; name the first record edited, deleted or out of order."""
    prev, expected, count = GENESIS, 1, 0
    for record in trail.all_rows(store):
        if record.seq != expected:
            return Verdict(False, count, prev,
                           f"record {expected} is missing (the next is record {record.seq}): "
                           "deleted or reordered")
        if record.prev_hash != prev:
            moved = _written_after(store, record)
            if moved is not None:
                return Verdict(False, count, prev,
                               f"record {record.seq} is out of order: it was written after "
                               f"the record now numbered {moved} (records reordered)")
            return Verdict(False, count, prev,
                           f"record {record.seq} does not follow record {record.seq - 1}: "
                           "it or a record before it was edited, deleted or reordered")
        if record_hash(prev, record.body()) != record.hash:
            return Verdict(False, count, prev, f"record {record.seq} ({record.kind}, "
                           f"{record.at}) was edited after it was written")
        prev, expected, count = record.hash, expected + 1, count + 1
    return Verdict(True, count, prev)


def _written_after(store: EventStore, record: AuditRecord) -> int | None:
    """The number now held by the record ``record`` was chained to, if it is another
    record still in the file: then ``record`` was moved, not edited."""
    for other in trail.all_rows(store):
        if other.hash == record.prev_hash and other.seq != record.seq - 1:
            return other.seq
    return None
