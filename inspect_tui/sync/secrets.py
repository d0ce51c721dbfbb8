"""A laptop's secrets, kept off its database: the hub device token and the private keys.

A database file copied off a laptop (a backup, a stolen disk image, a file sent by
mistake) must not be able to reach the hub or decrypt a bundle. So the two secrets live
in the operating system's keyring where there is one (``keyring``: the macOS Keychain,
Windows Credential Locker, the Secret Service on a Linux desktop), keyed by the
database's device id; otherwise in ``<database>.secrets`` beside the database, a 0600
JSON file written atomically. ``INSPECT_TUI_SECRETS=file`` forces the file (the tests,
a headless machine with a keyring that would prompt).

Databases from before this kept the secrets in ``meta``: :func:`migrate_legacy` moves
them here once, erases them from ``meta`` and scrubs the file so their bytes are gone.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from ..files import write_private
from ..store import EventStore, meta

log = logging.getLogger(__name__)

SERVICE = "inspect-tui"
TOKEN = "token"
KEYS = "keys"
BACKEND_ENV = "INSPECT_TUI_SECRETS"


def secrets_file(db_path: Path | str) -> Path:
    return Path(str(db_path) + ".secrets")


def _keyring():
    """The OS keyring if there is a usable one and it is not switched off, else None."""
    if os.environ.get(BACKEND_ENV, "").lower() == "file":
        return None
    try:
        import keyring
        from keyring.backends import fail, null
        from keyring.backends.chainer import ChainerBackend
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, ChainerBackend) and not backend.backends:
        return None
    return backend


class Secrets:
    """The secrets of one laptop database (by its path and device id)."""

    def __init__(self, db_path: Path | str, device: str):
        self.file = secrets_file(db_path)
        self.device = device
        self.keyring = _keyring()

    def _user(self, name: str) -> str:
        return f"{self.device}:{name}"

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("%s: unreadable secrets file, ignored", self.file)
            return {}
        if not isinstance(data, dict) or data.get("device") != self.device:
            # A secrets file left by another database (or copied with this one from
            # elsewhere) is not this device's.
            return {}
        return {k: v for k, v in data.items() if isinstance(v, str)}

    def get(self, name: str) -> str | None:
        if self.keyring is not None:
            try:
                value = self.keyring.get_password(SERVICE, self._user(name))
            except Exception as exc:  # noqa: BLE001 - any keyring failure falls back
                log.warning("keyring unavailable (%s); using %s", type(exc).__name__, self.file)
                value = None
            if value:
                return value
        return self._read_file().get(name)

    def set(self, name: str, value: str) -> None:
        if self.keyring is not None:
            try:
                self.keyring.set_password(SERVICE, self._user(name), value)
                self._drop_from_file(name)
                return
            except Exception as exc:  # noqa: BLE001 - any keyring failure falls back
                log.warning("keyring refused the secret (%s); using %s",
                            type(exc).__name__, self.file)
        data = self._read_file()
        data.update({"device": self.device, name: value})
        write_private(self.file, json.dumps(data, sort_keys=True))

    def _drop_from_file(self, name: str) -> None:
        data = self._read_file()
        if name in data:
            del data[name]
            write_private(self.file, json.dumps(data, sort_keys=True))

    @property
    def where(self) -> str:
        return "the system keyring" if self.keyring is not None else str(self.file)


def for_store(store: EventStore) -> Secrets:
    """The secrets of ``store``'s database, moving any left in ``meta`` out first."""
    secrets = Secrets(store.path, store.device)
    migrate_legacy(store, secrets)
    return secrets


def migrate_legacy(store: EventStore, secrets: Secrets) -> bool:
    """Move a token and keys kept in ``meta`` by older versions; True if any moved."""
    legacy = meta.legacy_secrets(store)
    if not legacy:
        return False
    if meta.SYNC_TOKEN in legacy:
        secrets.set(TOKEN, legacy[meta.SYNC_TOKEN])
    if meta.SYNC_KEYS in legacy:
        secrets.set(KEYS, legacy[meta.SYNC_KEYS])
    meta.erase_legacy_secrets(store)
    log.info("moved the hub token and device keys out of %s into %s", store.path,
             secrets.where)
    return True
