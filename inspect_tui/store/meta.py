"""Typed accessors for the ``meta`` table: the profile, sync settings and watermarks.

Every key the code reads or writes is named once here, so no package spells a bare key
string of its own, and what a database holds beside its events is listed in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .events import SENT_UPTO, EventStore

PROFILE_NAME = "profile_name"
PROFILE_ROLE = "profile_role"
HUB_MARK = "sync_hub"            # "1" in a hub's own database
SYNC_URL = "sync_hub_url"
# Kept in meta by older versions only; now in the keyring or a 0600 file (sync/secrets.py).
SYNC_TOKEN = "sync_token"
SYNC_KEYS = "sync_keys"
SYNC_HUB_ID = "sync_hub_id"
SYNC_HUB_SIGN = "sync_hub_sign_key"
SYNC_HUB_BOX = "sync_hub_box_key"
SYNC_HUB_VECTOR = "sync_hub_vector"  # what the hub is known to hold (a watermark)
SYNC_PULLED = "sync_pulled_vector"  # per device, up to where we lack nothing we may hold
SYNC_SCOPE = "sync_scope"  # the inspections the hub last said we may hold (JSON; null: all)
SYNC_LAST = "sync_last"
SYNC_ROLE = "sync_role"


@dataclass(frozen=True)
class Profile:
    name: str
    role: str
    device: str


def read_profile(store: EventStore) -> Profile | None:
    name = store.get_meta(PROFILE_NAME)
    role = store.get_meta(PROFILE_ROLE)
    if not name or not role:
        return None
    return Profile(name, role, store.device)


def write_profile(store: EventStore, name: str, role: str) -> Profile:
    store.set_meta(PROFILE_NAME, name)
    store.set_meta(PROFILE_ROLE, role)
    return Profile(name, role, store.device)


def set_profile_role(store: EventStore, role: str) -> None:
    store.set_meta(PROFILE_ROLE, role)


def sent_upto(store: EventStore) -> int:
    return int(store.get_meta(SENT_UPTO) or 0)


def is_hub(store: EventStore) -> bool:
    return store.get_meta(HUB_MARK) == "1"


def mark_hub(store: EventStore) -> None:
    store.set_meta(HUB_MARK, "1")


@dataclass(frozen=True)
class HubLink:
    """What a laptop knows of its hub after enrolment."""

    url: str | None
    hub_id: str | None
    hub_sign_key: str | None
    hub_box_key: str | None
    role: str | None


def read_hub_link(store: EventStore) -> HubLink:
    return HubLink(store.get_meta(SYNC_URL), store.get_meta(SYNC_HUB_ID),
                   store.get_meta(SYNC_HUB_SIGN), store.get_meta(SYNC_HUB_BOX),
                   store.get_meta(SYNC_ROLE))


def write_hub_link(store: EventStore, link: HubLink) -> None:
    for key, value in ((SYNC_URL, link.url), (SYNC_HUB_ID, link.hub_id),
                       (SYNC_HUB_SIGN, link.hub_sign_key), (SYNC_HUB_BOX, link.hub_box_key),
                       (SYNC_ROLE, link.role)):
        if value is not None:
            store.set_meta(key, value)


def set_hub_url(store: EventStore, url: str) -> None:
    store.set_meta(SYNC_URL, url)


def legacy_secrets(store: EventStore) -> dict[str, str]:
    """The token and private keys an older version left in meta (usually nothing)."""
    found = {key: store.get_meta(key) for key in (SYNC_TOKEN, SYNC_KEYS)}
    return {key: value for key, value in found.items() if value}


def erase_legacy_secrets(store: EventStore) -> None:
    """Delete them from meta and scrub the file, so their bytes are on no page or WAL frame."""
    store.delete_meta(SYNC_TOKEN, SYNC_KEYS)
    store.scrub()


def hub_vector(store: EventStore) -> dict[str, int]:
    """What the hub is known to hold, per device."""
    return json.loads(store.get_meta(SYNC_HUB_VECTOR) or "{}")


def note_hub_vector(store: EventStore, vector: dict[str, int]) -> None:
    """Raise the known hub vector entrywise to ``vector``."""
    merged = hub_vector(store)
    for device, seq in vector.items():
        merged[device] = max(int(seq), merged.get(device, 0))
    store.set_meta(SYNC_HUB_VECTOR, json.dumps(merged, sort_keys=True))


def forget_hub_vector(store: EventStore) -> None:
    store.set_meta(SYNC_HUB_VECTOR, "{}")


def last_sync(store: EventStore) -> str | None:
    return store.get_meta(SYNC_LAST)


def set_last_sync(store: EventStore, at: str) -> None:
    store.set_meta(SYNC_LAST, at)


def pulled_vector(store: EventStore) -> dict[str, int]:
    """Per device, the sequence up to which this laptop lacks nothing it may hold: with
    need-to-know it holds only some of each device's events, so its own version vector
    has gaps where other inspections' events are."""
    return json.loads(store.get_meta(SYNC_PULLED) or "{}")


def note_pulled_vector(store: EventStore, vector: dict[str, int]) -> None:
    merged = pulled_vector(store)
    for device, seq in vector.items():
        merged[device] = max(int(seq), merged.get(device, 0))
    store.set_meta(SYNC_PULLED, json.dumps(merged, sort_keys=True))


def forget_pulled_vector(store: EventStore) -> None:
    store.set_meta(SYNC_PULLED, "{}")


def sync_scope(store: EventStore) -> list[str] | None:
    """What the hub last said this laptop may hold; None: every inspection (or not told)."""
    text = store.get_meta(SYNC_SCOPE)
    return None if not text else json.loads(text)


def set_sync_scope(store: EventStore, scope: list[str] | None) -> None:
    store.set_meta(SYNC_SCOPE, json.dumps(scope))
