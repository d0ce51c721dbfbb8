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
SYNC_TOKEN = "sync_token"
SYNC_KEYS = "sync_keys"
SYNC_HUB_ID = "sync_hub_id"
SYNC_HUB_SIGN = "sync_hub_sign_key"
SYNC_HUB_BOX = "sync_hub_box_key"
SYNC_HUB_VECTOR = "sync_hub_vector"  # what the hub is known to hold (a watermark)
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
    token: str | None
    hub_id: str | None
    hub_sign_key: str | None
    hub_box_key: str | None
    role: str | None


def read_hub_link(store: EventStore) -> HubLink:
    return HubLink(store.get_meta(SYNC_URL), store.get_meta(SYNC_TOKEN),
                   store.get_meta(SYNC_HUB_ID), store.get_meta(SYNC_HUB_SIGN),
                   store.get_meta(SYNC_HUB_BOX), store.get_meta(SYNC_ROLE))


def write_hub_link(store: EventStore, link: HubLink) -> None:
    for key, value in ((SYNC_URL, link.url), (SYNC_TOKEN, link.token),
                       (SYNC_HUB_ID, link.hub_id), (SYNC_HUB_SIGN, link.hub_sign_key),
                       (SYNC_HUB_BOX, link.hub_box_key), (SYNC_ROLE, link.role)):
        if value is not None:
            store.set_meta(key, value)


def set_hub_url(store: EventStore, url: str) -> None:
    store.set_meta(SYNC_URL, url)


def set_token(store: EventStore, token: str) -> None:
    store.set_meta(SYNC_TOKEN, token)


def device_keys_json(store: EventStore) -> str | None:
    return store.get_meta(SYNC_KEYS)


def set_device_keys_json(store: EventStore, text: str) -> None:
    store.set_meta(SYNC_KEYS, text)


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
