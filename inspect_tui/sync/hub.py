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

from ..store import EventStore, meta
from ..store.events import MalformedEvent
from ..store.sync import (
    Device,
    DeviceRegistry,
    known_ids,
    others_changes,
    rows_missing_from,
    rows_missing_in_order,
)
from .errors import BundleError, PolicyError, SyncError
from .keys import KeyPair, key_file, read_key_file, unb64, write_key_file

ROLES = ("inspector", "manager")
MAX_PULL = 5000


def hash_secret(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code() -> str:
    """80 random bits as 16 base32 letters in groups of four, easy to read out or type."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


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
        self.lock = threading.RLock()
        self._vector: dict[str, int] = {}
        self._vector_key: int | None = None

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
        self.store.close()

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
        return code

    def claim(self, code: str, device: str, sign_key: str, box_key: str) -> dict[str, Any]:
        """A device presents its code and public keys; it gets a token and our keys."""
        try:
            if len(unb64(sign_key)) != 32 or len(unb64(box_key)) != 32:
                raise ValueError
        except (ValueError, TypeError):
            raise PolicyError("enrolment: malformed public keys") from None
        if not (isinstance(device, str) and 0 < len(device) <= 64 and device.isalnum()):
            raise PolicyError("enrolment: malformed device id")
        token = secrets.token_urlsafe(32)
        with self.lock:
            result = self.registry.claim(hash_secret(normalise_code(code)), device,
                                         hash_secret(token), sign_key, box_key)
        if isinstance(result, str):
            raise PolicyError(f"enrolment refused: {result}")
        return {"token": token, "hub": self.id, "role": result.role, "name": result.name,
                "hub_sign_key": self.keys.sign_public, "hub_box_key": self.keys.box_public}

    def authenticate(self, token: str) -> Device | None:
        if not token:
            return None
        with self.lock:
            return self.registry.by_token(hash_secret(token))

    # --- exchange ----------------------------------------------------------------------
    def vector(self) -> dict[str, int]:
        """The hub's version vector, cached until a merge here or a commit elsewhere."""
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
        """Merge a batch from ``device``; return (new events, hub's sequence for it)."""
        with self.lock:
            checked = check(rows, device, self.store)
            new = self.store.merge_rows(checked, check_json=True)
            self._vector_key = None
            self.registry.saw(device.device)
            return new, self.vector().get(device.device, 0)

    def pull(self, device: Device, vector: dict[str, int], limit: int
             ) -> tuple[list[tuple], bool, int, dict[str, int]]:
        """Up to ``limit`` events ``vector`` lacks: (rows, more, remaining, hub vector)."""
        limit = max(1, min(int(limit), MAX_PULL))
        with self.lock:
            ours = self.outgoing_vector()
            rows = rows_missing_in_order(self.store, vector, ours, limit)
            self.registry.saw(device.device, vector)
        missing = sum(max(0, top - vector.get(dev, 0)) for dev, top in ours.items())
        remaining = max(0, missing - len(rows))
        return rows, remaining > 0, remaining, ours

    # --- bundles -----------------------------------------------------------------------
    def import_bundle(self, path: Path | str) -> ImportResult:
        from .bundle import BundleReader, public_sign_key

        name = Path(path).name
        sender: list[Device] = []

        def sender_key(header: Any) -> Any:
            if header.sender_kind != "device":
                raise BundleError(f"{name}: made by a hub, not by a device: refused")
            device = self.registry.get(header.sender)
            if device is None or device.revoked:
                raise BundleError(f"{name}: foreign bundle: device {header.sender} is not "
                                  "enrolled at this hub: refused")
            sender.append(device)
            return public_sign_key(device.sign_key)

        reader = BundleReader(Path(path), self.keys.box, sender_key)
        device = sender[0]
        with self.lock:
            held = self.store.version_vector()
            chunks = reader.chunks(skip=held)
            rows = (row for chunk in chunks for row in check(chunk, device, self.store))
            try:
                new = self.store.merge_rows(rows, check_json=True)
                self._vector_key = None
            except (PolicyError, MalformedEvent) as exc:
                # A damaged bundle is reported as damaged, even if a forbidden event came
                # first: read on to the end (checking, applying nothing) before blaming it.
                for _ in chunks:
                    pass
                raise BundleError(f"{name}: refused whole, nothing applied: {exc}") from None
            except sqlite3.Error as exc:
                raise BundleError(f"{name}: events could not be applied ({exc}); "
                                  "nothing applied") from None
            assert reader.trailer is not None
            self.registry.saw(device.device, reader.trailer.vector)
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
            rows = rows_missing_from(self.store, {} if everything else device.vector, ours)
            return write_bundle(Path(path), rows, sender=self.id, sender_kind="hub",
                                sign_key=self.keys.sign, recipient_box=unb64(device.box_key),
                                vector=ours)


def check(rows: Any, device: Device, store: EventStore) -> list[tuple]:
    from .policy import check_rows

    if not isinstance(rows, list):
        raise PolicyError("malformed batch (expected a list of events)")
    return check_rows(rows, device.device, device.role, lambda ids: known_ids(store, ids))
