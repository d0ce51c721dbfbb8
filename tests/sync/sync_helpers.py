"""Helpers for the sync tests (imported by name: the tests folders are not packages)."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.service import Service
from inspect_tui.store import Edit, meta
from inspect_tui.sync.hub import Hub


def enrol_code(hub_db: Path, name: str, role: str) -> str:
    h = Hub(hub_db)
    try:
        return h.enrol(name, role)
    finally:
        h.close()


def bulk_edits(svc: Service, n: int, iid: str = "i1", prefix: str = "x") -> None:
    """``n`` edits in one transaction, over a few fields so heads change too."""
    svc.store.record([Edit(iid, "finding", f"{iid}/finding/{prefix}{k % 50}", "note",
                           f"note {k}") for k in range(n)], svc.profile().name)


def enrol_offline(target, hub: Hub, name: str, role: str = "inspector") -> None:
    """Enrol a laptop with ``hub`` as ``sync --enrol`` would, without HTTP."""
    from inspect_tui.sync import client

    store = getattr(target, "store", target)
    keys = client.device_keys(store)
    data = hub.claim(hub.enrol(name, role), store.device, keys.sign_public, keys.box_public)
    for key, value in ((meta.SYNC_URL, "http://127.0.0.1:9"), (meta.SYNC_TOKEN, data["token"]),
                       (meta.SYNC_HUB_ID, data["hub"]), (meta.SYNC_HUB_SIGN, data["hub_sign_key"]),
                       (meta.SYNC_HUB_BOX, data["hub_box_key"]), (meta.SYNC_ROLE, role)):
        store.set_meta(key, value)
