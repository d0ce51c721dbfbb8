"""Key pairs: Ed25519 to sign, X25519 to receive encrypted bundles.

Keys travel as URL-safe base64 of their raw 32 bytes; a key's fingerprint (the first 16
hex digits of its SHA-256) names the recipient in a bundle header.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ..files import write_private
from .errors import SyncError


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


def raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


@dataclass(frozen=True)
class KeyPair:
    sign: Ed25519PrivateKey
    box: X25519PrivateKey

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @property
    def sign_public(self) -> str:
        return b64(raw_public(self.sign.public_key()))

    @property
    def box_public(self) -> str:
        return b64(raw_public(self.box.public_key()))

    def to_json(self) -> str:
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

        def raw(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
            return b64(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))

        return json.dumps({"sign": raw(self.sign), "box": raw(self.box)})

    @classmethod
    def from_json(cls, text: str) -> KeyPair:
        data = json.loads(text)
        return cls(Ed25519PrivateKey.from_private_bytes(unb64(data["sign"])),
                   X25519PrivateKey.from_private_bytes(unb64(data["box"])))


def key_file(db_path: Path) -> Path:
    """Where a hub keeps its key pair: beside its database, readable by the owner only."""
    return Path(str(db_path) + ".keys")


def write_key_file(path: Path, keys: KeyPair) -> None:
    if path.exists():
        raise SyncError(f"{path}: a key file already exists; not overwriting it")
    write_private(path, keys.to_json(), exclusive=True)


def read_key_file(path: Path) -> KeyPair:
    try:
        return KeyPair.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SyncError(f"{path}: no hub key file (run `inspect-tui hub init`)") from None
    except (ValueError, KeyError) as exc:
        raise SyncError(f"{path}: not a usable key file ({exc})") from None
