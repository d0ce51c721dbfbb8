"""The hub: the organisation's copy of every event, its key pair and its enrolled devices.

:class:`Hub` holds the logic (enrolment, authentication, push, pull, bundles) behind one
lock and one SQLite connection; :mod:`.server` puts it on HTTP. Every event a device
sends passes :func:`.policy.check_rows` before it is merged.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.validation import Validator
from ..store import EventStore, meta
from ..store.events import MalformedEvent
from ..store.sync import (
    Device,
    DeviceRegistry,
    StoreKnown,
    known_ids,
    others_changes,
    rows_missing_in_order,
    rows_missing_scoped,
)
from . import audit
from .audit import AuditTrail, per_inspection
from .errors import BundleError, InvalidEvents, PolicyError, SyncError
from .keys import KeyPair, key_file, read_key_file, unb64, write_key_file
from .membership import Membership
from .policy import check_batch
from .redaction import check_redactions

ROLES = ("inspector", "manager")
MAX_PULL = 5000
MAX_PUSH = 5000  # events per push: a merge holds the write lock for one batch only
TOKEN_DAYS = 30  # a device token not renewed by a sync within this stops working


def token_expiry(days: int = TOKEN_DAYS) -> str:
    from datetime import timedelta

    from ..domain.time import utc_now, utc_stamp

    return utc_stamp(utc_now() + timedelta(days=days))


def hash_secret(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code() -> str:
    """80 random bits as 16 base32 letters in groups of four, easy to read out or type."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class Pulled:
    rows: list[tuple]
    more: bool
    remaining: int
    vector: dict[str, int]     # what the hub holds
    covered: dict[str, int]    # up to where the device now lacks nothing it may hold
    scope: list[str] | None    # the inspections it may hold (None: every one)


@dataclass(frozen=True)
class ImportResult:
    sender: str
    events: int
    new: int


class Hub:
    def __init__(self, db_path: Path | str):
        self.path = Path(db_path)
        if not self.path.exists():
            raise SyncError(f"{self.path}: no hub database (run `inspect-tui hub init`)")
        self.store = EventStore(self.path)
        if not meta.is_hub(self.store):
            self.store.close()
            raise SyncError(f"{self.path}: not a hub database (run `inspect-tui hub init`)")
        self.keys = read_key_file(key_file(self.path))
        self.registry = DeviceRegistry(self.store)
        self.audit = AuditTrail(self.store)
        self.members = Membership(self.store)
        self.lock = threading.RLock()
        self._vector: dict[str, int] = {}
        self._vector_key: int | None = None
        self._readers = threading.local()
        self._all_readers: list[EventStore] = []

    @classmethod
    def init(cls, db_path: Path | str) -> Hub:
        path = Path(db_path)
        keys = key_file(path)
        if path.exists():
            raise SyncError(f"{path}: already exists; a hub starts from a new database")
        if keys.exists():
            raise SyncError(f"{keys}: a hub key file already exists; not overwriting it")
        store = EventStore(path)
        try:
            if meta.is_hub(store):
                raise SyncError(f"{path}: already a hub database")
            write_key_file(keys, KeyPair.generate())
            meta.mark_hub(store)
        finally:
            store.close()
        return cls(path)

    def close(self) -> None:
        for reader in self._all_readers:
            reader.close()
        self.store.close()

    def reader(self) -> EventStore:
        """This thread's own connection, for reads that need not wait for a merge (WAL
        lets readers run beside the one writer)."""
        store = getattr(self._readers, "store", None)
        if store is None:
            store = EventStore(self.path)
            self._readers.store = store
            with self.lock:
                self._all_readers.append(store)
        return store

    @property
    def id(self) -> str:
        return self.store.device

    # --- enrolment and authentication --------------------------------------------------
    def enrol(self, name: str, role: str) -> str:
        """Issue a one-time enrolment code for a device used by ``name`` in ``role``."""
        name = name.strip()
        if not name:
            raise SyncError("enrol: give the name of the person or device")
        if role not in ROLES:
            raise SyncError(f"enrol: role {role!r} is not one of {', '.join(ROLES)}")
        code = new_code()
        with self.lock:
            self.registry.add_enrolment(hash_secret(normalise_code(code)), name, role)
            self.audit.record(audit.ENROL_CODE, None, name=name, role=role)
        return code

    def claim(self, code: str, device: str, sign_key: str, box_key: str) -> dict[str, Any]:
        """A device presents its code and public keys; it gets a token and our keys."""
        try:
            if len(unb64(sign_key)) != 32 or len(unb64(box_key)) != 32:
                raise ValueError
        except (ValueError, TypeError):
            self._refused_enrolment(None, "malformed public keys")
        if not (isinstance(device, str) and 0 < len(device) <= 64 and device.isascii()
                and device.isalnum()):
            self._refused_enrolment(None, "malformed device id")
        if device == self.id:
            self._refused_enrolment(device, "that device id is the hub's own")
        token = secrets.token_urlsafe(32)
        with self.lock:
            result = self.registry.claim(hash_secret(normalise_code(code)), device,
                                         hash_secret(token), sign_key, box_key,
                                         token_expiry())
            if isinstance(result, str):
                self._refused_enrolment(device, result)
            self.audit.record(audit.ENROLLED, device, name=result.name, role=result.role)
        return {"token": token, "hub": self.id, "role": result.role, "name": result.name,
                "hub_sign_key": self.keys.sign_public, "hub_box_key": self.keys.box_public}

    def _refused_enrolment(self, device: str | None, why: str) -> None:
        with self.lock:
            self.audit.record(audit.ENROL_REFUSED, device, reason=why)
        raise PolicyError(f"enrolment refused: {why}")

    def authenticate(self, token: str, peer: str = "") -> Device | None:
        """The device presenting ``token``; None (and a record in the audit trail) if it
        is unknown, revoked or expired."""
        with self.lock:
            found = (self.registry.by_token(hash_secret(token)) if token and len(token) <= 200
                     else "no token" if not token else "malformed token")
            if isinstance(found, str):
                holder = (self.registry.refused_holder(hash_secret(token))
                          if found in ("revoked device", "expired device token") else None)
                self.audit.record(audit.AUTH_FAILED, holder, reason=found, peer=peer)
                return None
            return found

    def scope(self, device: Device) -> list[str] | None:
        """The inspections ``device`` may hold, sorted (None: every one)."""
        with self.lock:
            scope = self.members.scope(device)
        return None if scope is None else sorted(scope)

    def renew(self, device: Device) -> dict[str, str]:
        """A fresh token for ``device``, valid from its first use (the old one until then)."""
        token, expires = secrets.token_urlsafe(32), token_expiry()
        with self.lock:
            self.registry.renew(device.device, hash_secret(token), expires)
            self.audit.record(audit.TOKEN_RENEWED, device.device, expires=expires)
        return {"token": token, "expires": expires}

    def revoke(self, device_id: str) -> bool:
        with self.lock:
            done = self.registry.revoke(device_id)
            if done:
                self.audit.record(audit.REVOKED, device_id)
        return done

    # --- exchange ----------------------------------------------------------------------
    def vector(self) -> dict[str, int]:
        """The hub's version vector, kept up to date by each merge here and recomputed
        after a commit by another connection (a manager's TUI on the hub database)."""
        with self.lock:
            key = others_changes(self.store)
            if key != self._vector_key:
                self._vector = self.store.version_vector()
                self._vector_key = key
            return dict(self._vector)

    def outgoing_vector(self) -> dict[str, int]:
        """The vector to offer others, the hub's own events frozen first.

        A manager may work in the TUI on the hub's own database: those events are the hub
        device's, and once offered to a laptop they must never be folded into a later edit.
        """
        self.store.mark_sent()
        upto = meta.sent_upto(self.store)
        ours = self.vector()
        if self.id in ours:
            ours[self.id] = min(ours[self.id], upto)
        return ours

    def push(self, device: Device, rows: list[Any]) -> tuple[int, int]:
        """Merge a batch from ``device``; return (new events, hub's sequence for it).

        The whole batch is checked (policy, then the one validator) before anything is
        written; any invalid event refuses it whole."""
        if isinstance(rows, list) and len(rows) > MAX_PUSH:
            raise InvalidEvents(f"a push carries at most {MAX_PUSH} events; send smaller "
                                "batches")
        with self.lock:
            held = self.vector()
            creating: set[str] = set()
            try:
                validator = Validator(StoreKnown(self.store, held))
                checked = check_batch(rows, device, validator,
                                      lambda ids: known_ids(self.store, ids))
                self.members.admit(device, checked, creating)
                redactions = check_redactions(checked, device, self.store)
            except PolicyError as exc:
                self.audit.record(audit.PUSH_REFUSED, device.device, reason=str(exc)[:200])
                raise
            new = self.store.merge_rows(checked, check_json=True, held=held)
            self.members.created(device, creating)
            self._advance(checked)
            self.registry.saw(device.device)
            counts = per_inspection(checked)
            self.audit.record(audit.PUSH, device.device, counts, events=len(checked), new=new,
                              per_inspection=counts)
            if redactions:
                self.audit.record(audit.REDACTION, device.device, counts, redactions=redactions)
            return new, self._vector.get(device.device, 0)

    def _advance(self, rows: list[tuple]) -> None:
        """Move the cached vector past ``rows`` just merged (each device's rows contiguous
        from what was held, as a push's are), or drop it to be recomputed."""
        vector = self._vector
        tops: dict[str, list[int]] = {}
        for row in rows:
            tops.setdefault(row[8], []).append(row[9])
        for device, seqs in tops.items():
            seqs.sort()
            have = vector.get(device, 0)
            fresh = [q for q in seqs if q > have]
            if fresh and fresh == list(range(have + 1, have + 1 + len(fresh))):
                vector[device] = fresh[-1]
            elif fresh:
                self._vector_key = None
                return

    def pull(self, device: Device, vector: dict[str, int], limit: int) -> Pulled:
        """Up to ``limit`` events ``vector`` lacks, of the inspections ``device`` may hold."""
        limit = max(1, min(int(limit), MAX_PULL))
        with self.lock:
            ours = self.outgoing_vector()
            scope = self.members.scope(device)
        # Read on this thread's own connection: a merge in progress does not hold it up.
        rows, covered, remaining = rows_missing_scoped(self.reader(), vector, ours, limit,
                                                       scope)
        # What the device holds, what it was told it may hold and the audit record: one
        # commit (one fsync) per page, not three.
        with self.lock, self.store.transaction():
            self.registry.saw(device.device, vector)
            self.members.told(device, scope)
            if rows:
                counts = per_inspection(rows)
                self.audit.record(audit.PULL, device.device, counts, events=len(rows),
                                  per_inspection=counts)
        return Pulled(rows, remaining > 0, remaining, ours, covered,
                      None if scope is None else sorted(scope))

    # --- bundles -----------------------------------------------------------------------
    def import_bundle(self, path: Path | str) -> ImportResult:
        """Apply a device's bundle whole, or refuse it whole; either way it is audited."""
        sender: list[Device] = []
        try:
            return self._import_bundle(path, sender)
        except BundleError as exc:
            with self.lock:
                self.audit.record(audit.BUNDLE_REFUSED,
                                  sender[0].device if sender else None,
                                  reason=str(exc)[:200])
            raise

    def _import_bundle(self, path: Path | str, sender: list[Device]) -> ImportResult:
        from .bundle import BundleReader, public_sign_key

        name = Path(path).name

        def sender_key(header: Any) -> Any:
            if header.sender_kind != "device":
                raise BundleError(f"{name}: made by a hub, not by a device: refused")
            device = self.registry.get(header.sender)
            if device is None or device.revoked:
                raise BundleError(f"{name}: foreign bundle: device {header.sender} is not "
                                  "enrolled at this hub: refused")
            sender.append(device)
            return public_sign_key(device.sign_key)

        # The signature over the whole bundle is checked here, before any chunk is parsed.
        reader = BundleReader(Path(path), self.keys.box, sender_key)
        device = sender[0]
        with self.lock:
            held = self.vector()
            validator = Validator(StoreKnown(self.store, held))
            chunks = reader.chunks(skip=held)
            counts: dict[str, int] = {}
            creating: set[str] = set()

            def admitted(chunk: Any) -> list[tuple]:
                checked = check_batch(chunk, device, validator,
                                      lambda ids: known_ids(self.store, ids))
                self.members.admit(device, checked, creating)
                check_redactions(checked, device, self.store)
                for iid, n in per_inspection(checked).items():
                    counts[iid] = counts.get(iid, 0) + n
                return checked

            rows = (row for chunk in chunks for row in admitted(chunk))
            try:
                # One transaction: an invalid event anywhere rolls the whole import back.
                new = self.store.merge_rows(rows, check_json=True, held=held)
                self._vector_key = None
            except (PolicyError, InvalidEvents, MalformedEvent) as exc:
                raise BundleError(f"{name}: refused whole, nothing applied: {exc}") from None
            except sqlite3.Error as exc:
                raise BundleError(f"{name}: events could not be applied ({exc}); "
                                  "nothing applied") from None
            assert reader.trailer is not None
            self.members.created(device, creating)
            self.registry.saw(device.device, reader.trailer.vector)
            self.audit.record(audit.BUNDLE_IN, device.device, counts,
                              events=reader.trailer.count, new=new, per_inspection=counts)
        return ImportResult(device.device, reader.trailer.count, new)

    def export_for(self, device_id: str, path: Path | str, everything: bool = False) -> int:
        """A bundle, signed by the hub and encrypted to ``device_id``, of what it lacks."""
        from .bundle import write_bundle

        with self.lock:
            device = self.registry.get(device_id)
            if device is None:
                matches = [d for d in self.registry.all()
                           if d.device.startswith(device_id) or d.name == device_id]
                if len(matches) != 1:
                    raise SyncError(f"no single enrolled device matches {device_id!r} "
                                    "(see `inspect-tui hub devices`)")
                device = matches[0]
            ours = self.outgoing_vector()
            scope = self.members.scope(device)
            counts: dict[str, int] = {}

            def counted(rows: Any) -> Any:
                for row in rows:
                    if scope is None or row[1] in scope:
                        counts[row[1]] = counts.get(row[1], 0) + 1
                        yield row

            # In the order the hub stored them: an event after every event it replaces.
            rows = rows_missing_in_order(self.store, {} if everything else device.vector,
                                         ours, None)
            written = write_bundle(Path(path), counted(rows), sender=self.id,
                                   sender_kind="hub", sign_key=self.keys.sign,
                                   recipient_box=unb64(device.box_key), vector=ours)
            self.members.told(device, scope)
            self.audit.record(audit.BUNDLE_OUT, device.device, counts, events=written,
                              per_inspection=counts)
            return written


