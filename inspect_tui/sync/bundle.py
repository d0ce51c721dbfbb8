"""Bundle files: event rows signed by their sender and encrypted to one recipient.

Layout::

    MAGIC | u32 len | header JSON | (u32 len | sealed chunk)* ... | sealed final chunk | EOF

The header (cleartext, bound to every chunk as associated data) names the format, the
sender, the recipient's key fingerprint and the ephemeral X25519 key. The chunk key is
HKDF-SHA256 over the X25519 shared secret. Chunks are sealed with ChaCha20-Poly1305 and a
nonce made of the chunk counter and a "last chunk" flag, so chunks cannot be reordered,
dropped or cut off at a boundary without detection (the STREAM construction).

A data chunk's plaintext is one JSON line ``{"max": {device: seq}}`` (the highest sequence
per device inside, which lets a receiver skip chunks it already holds without parsing
them) followed by a JSON array of event rows. The final chunk holds a JSON trailer
(event count, the sender's version vector) and the sender's Ed25519 signature over the
SHA-256 of the header, every chunk and the trailer: sign-then-encrypt. A reader verifies
the signature in a first pass over the file, before any chunk is parsed, then reads the
chunks again, each checked against the one verified (:class:`BundleReader`). The format is
unchanged, so bundles written before this reader are still read.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..files import private_file
from ..store.events import now_iso
from .errors import BundleError
from .keys import b64, fingerprint, raw_public, unb64

MAGIC = b"inspect-tui bundle\n\x01"
FORMAT = 1
INFO = b"inspect-tui bundle v1"
CHUNK_ROWS = 2000
MAX_HEADER = 64 * 1024
MAX_CHUNK = 64 * 1024 * 1024
SIGNATURE = 64
_U32 = struct.Struct(">I")


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _chunk_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> ChaCha20Poly1305:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient,
               info=INFO).derive(shared)
    return ChaCha20Poly1305(key)


@dataclass
class Header:
    sender: str
    sender_kind: str  # "device" or "hub"
    recipient: str  # fingerprint of the recipient's X25519 public key
    ephemeral: str
    created: str

    def to_bytes(self) -> bytes:
        return json.dumps({"format": FORMAT, "sender": self.sender, "from": self.sender_kind,
                           "recipient": self.recipient, "epk": self.ephemeral,
                           "created": self.created}, sort_keys=True).encode()


@dataclass
class Trailer:
    count: int
    vector: dict[str, int] = field(default_factory=dict)


def write_bundle(path: Path, rows: Iterable[tuple], *, sender: str, sender_kind: str,
                 sign_key: Ed25519PrivateKey, recipient_box: bytes,
                 vector: dict[str, int]) -> int:
    """Write ``rows`` to ``path`` (0600, atomically); return how many were written."""
    path = Path(path)
    ephemeral = X25519PrivateKey.generate()
    epk = raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_box))
    aead = _chunk_key(shared, epk, recipient_box)
    header = Header(sender, sender_kind, fingerprint(recipient_box), b64(epk), now_iso())
    header_bytes = header.to_bytes()
    digest = hashlib.sha256(INFO + _U32.pack(len(header_bytes)) + header_bytes)
    count = 0
    with private_file(path) as out:
        out.write(MAGIC + _U32.pack(len(header_bytes)) + header_bytes)
        index = 0

        def seal(plain: bytes, last: bool) -> None:
            nonlocal index
            digest.update(_U32.pack(len(plain)) + plain)
            sealed = aead.encrypt(_nonce(index, last), plain, header_bytes)
            out.write(_U32.pack(len(sealed)) + sealed)
            index += 1

        batch: list[list[Any]] = []
        for row in rows:
            batch.append(list(row))
            if len(batch) >= CHUNK_ROWS:
                seal(_data_chunk(batch), last=False)
                count += len(batch)
                batch = []
        if batch:
            seal(_data_chunk(batch), last=False)
            count += len(batch)
        trailer = json.dumps({"count": count, "vector": vector}, sort_keys=True).encode()
        digest.update(_U32.pack(len(trailer)) + trailer)
        signature = sign_key.sign(digest.digest())
        sealed = aead.encrypt(_nonce(index, True), trailer + signature, header_bytes)
        out.write(_U32.pack(len(sealed)) + sealed)
    return count


def _data_chunk(batch: list[list[Any]]) -> bytes:
    top: dict[str, int] = {}
    for row in batch:
        if row[9] > top.get(row[8], 0):
            top[row[8]] = row[9]
    return (json.dumps({"max": top, "n": len(batch)}, separators=(",", ":")).encode() + b"\n"
            + json.dumps(batch, separators=(",", ":"), ensure_ascii=False).encode())


def read_header(path: Path) -> Header:
    """The cleartext header, or :class:`BundleError` if this is not a bundle at all."""
    with open(path, "rb") as handle:
        header, _ = _read_header(handle, path)
    return header


def _read_header(handle: BinaryIO, path: Path) -> tuple[Header, bytes]:
    name = Path(path).name
    if handle.read(len(MAGIC)) != MAGIC:
        raise BundleError(f"{name}: not an inspect-tui bundle")
    size = handle.read(4)
    if len(size) < 4 or not 0 < _U32.unpack(size)[0] <= MAX_HEADER:
        raise BundleError(f"{name}: bundle header is damaged or cut short")
    raw = handle.read(_U32.unpack(size)[0])
    try:
        data = json.loads(raw)
        if data["format"] != FORMAT:
            raise BundleError(f"{name}: bundle format {data['format']} is not supported")
        header = Header(str(data["sender"]), str(data["from"]), str(data["recipient"]),
                        str(data["epk"]), str(data["created"]))
    except (ValueError, KeyError, TypeError):
        raise BundleError(f"{name}: bundle header is damaged") from None
    return header, raw


class BundleReader:
    """Reads and checks a bundle: the signature first, then the content.

    Opening the reader reads the whole file once, decrypting each chunk only to hash it,
    and verifies the sender's signature over the header, every chunk and the trailer:
    nothing is parsed as events before that holds. ``chunks(skip)`` then reads the file
    again, refusing any chunk that differs from the one verified (a file changed in
    between), and yields lists of event rows; chunks whose every event is at or below
    ``skip`` (a version vector the receiver holds) are not parsed.
    """

    def __init__(self, path: Path, box_key: X25519PrivateKey,
                 sender_key: Callable[[Header], Ed25519PublicKey]):
        self.path = Path(path)
        self.name = self.path.name
        self.box_key = box_key
        self.sender_key = sender_key
        with open(self.path, "rb") as handle:
            self.header, self._header_bytes = _read_header(handle, self.path)
        ours = raw_public(box_key.public_key())
        if self.header.recipient != fingerprint(ours):
            raise BundleError(f"{self.name}: this bundle is encrypted for a different key "
                              f"({self.header.recipient}), not for this database")
        self._verify_key = sender_key(self.header)
        try:
            epk = unb64(self.header.ephemeral)
            shared = box_key.exchange(X25519PublicKey.from_public_bytes(epk))
        except ValueError:
            raise BundleError(f"{self.name}: bundle header is damaged") from None
        self._aead = _chunk_key(shared, epk, ours)
        self._sealed_digests: list[bytes] = []
        self.trailer: Trailer = self._verify()

    def _sealed(self, handle: BinaryIO) -> Iterator[tuple[int, bytes]]:
        """(index, sealed chunk) for every chunk, the final one last."""
        name = self.name
        handle.seek(len(MAGIC) + 4 + len(self._header_bytes))
        index = 0
        while True:
            size = handle.read(4)
            if len(size) < 4:
                raise BundleError(f"{name}: bundle is truncated (ends after chunk {index})")
            length = _U32.unpack(size)[0]
            if not 16 <= length <= MAX_CHUNK:
                raise BundleError(f"{name}: bundle is damaged (chunk {index + 1})")
            sealed = handle.read(length)
            if len(sealed) < length:
                raise BundleError(f"{name}: bundle is truncated (in chunk {index + 1})")
            yield index, sealed
            index += 1

    def _verify(self) -> Trailer:
        name = self.name
        header_bytes = self._header_bytes
        digest = hashlib.sha256(INFO + _U32.pack(len(header_bytes)) + header_bytes)
        with open(self.path, "rb") as handle:
            for index, sealed in self._sealed(handle):
                self._sealed_digests.append(hashlib.sha256(sealed).digest())
                plain = self._open(sealed, index)
                if plain is None:
                    break
                digest.update(_U32.pack(len(plain)) + plain)
            if handle.read(1):
                raise BundleError(f"{name}: bundle has unexpected data after its end")
        plain = self._last
        if len(plain) <= SIGNATURE:
            raise BundleError(f"{name}: bundle trailer is damaged")
        trailer_bytes, signature = plain[:-SIGNATURE], plain[-SIGNATURE:]
        digest.update(_U32.pack(len(trailer_bytes)) + trailer_bytes)
        try:
            self._verify_key.verify(signature, digest.digest())
        except InvalidSignature:
            raise BundleError(f"{name}: the signature does not match sender "
                              f"{self.header.sender}: refused") from None
        try:
            data = json.loads(trailer_bytes)
            return Trailer(int(data["count"]),
                           {str(k): int(v) for k, v in data["vector"].items()})
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BundleError(f"{name}: bundle trailer is malformed") from None

    def chunks(self, skip: dict[str, int] | None = None) -> Iterator[list[list[Any]]]:
        skip = skip or {}
        name = self.name
        count = 0
        with open(self.path, "rb") as handle:
            for index, sealed in self._sealed(handle):
                if (index >= len(self._sealed_digests)
                        or hashlib.sha256(sealed).digest() != self._sealed_digests[index]):
                    raise BundleError(f"{name}: the bundle changed while it was being read")
                plain = self._open(sealed, index)
                if plain is None:
                    break
                head, _, body = plain.partition(b"\n")
                try:
                    meta = json.loads(head)
                    top, size = meta["max"], int(meta["n"])
                    if all(int(seq) <= skip.get(dev, 0) for dev, seq in top.items()):
                        count += size
                        continue
                    rows = json.loads(body)
                    if not isinstance(rows, list) or len(rows) != size:
                        raise ValueError("row count")
                except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                    raise BundleError(f"{name}: bundle content is malformed "
                                      f"(chunk {index + 1})") from None
                count += len(rows)
                yield rows
        if self.trailer.count != count:
            raise BundleError(f"{name}: bundle holds {count} events but says "
                              f"{self.trailer.count}")

    def _open(self, sealed: bytes, index: int) -> bytes | None:
        """The chunk's plaintext, or None if it is the (sealed-as-last) final chunk."""
        try:
            return self._aead.decrypt(_nonce(index, False), sealed, self._header_bytes)
        except InvalidTag:
            pass
        try:
            self._last = self._aead.decrypt(_nonce(index, True), sealed, self._header_bytes)
            return None
        except InvalidTag:
            raise BundleError(f"{self.name}: bundle is damaged or has been tampered with "
                              f"(chunk {index + 1} fails its check)") from None


def public_sign_key(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(unb64(text))
