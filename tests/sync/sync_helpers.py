"""Helpers for the sync tests (imported by name: the tests folders are not packages)."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.service import Service
from inspect_tui.store import Edit, EventStore, meta
from inspect_tui.sync import secrets
from inspect_tui.sync.hub import Hub


def enrol_code(hub_db: Path, name: str, role: str) -> str:
    h = Hub(hub_db)
    try:
        return h.enrol(name, role)
    finally:
        h.close()


def hub_rows(hub_db: Path) -> list[tuple]:
    """Every event row the hub database holds, sorted."""
    store = EventStore(hub_db)
    try:
        return sorted(e.row() for e in store.events())
    finally:
        store.close()


def ensure_inspection(svc: Service, iid: str) -> None:
    """An inspection with id ``iid`` in ``svc`` (events about no inspection are refused)."""
    from inspect_tui.domain.models import InspectionDocument
    from inspect_tui.service.documents import document_edits

    if svc.exists(iid):
        return
    doc = InspectionDocument(id=iid, content_edition=svc.catalogue.edition_id, type="full",
                             start_date="2026-11-23", end_date="2026-11-27",
                             lead_inspector=svc.profile().name,
                             provider={"name": "Bulk Provider", "urn": "SC000001"})
    svc.store.record(document_edits(doc), svc.profile().name)


def bulk_edits(svc: Service, n: int, iid: str = "i1", prefix: str = "x") -> None:
    """``n`` edits in one transaction, over a few fields so heads change too: notes on
    findings of real standards items (``prefix`` picks which)."""
    items = [i.id for i in svc.catalogue.items()]
    offset = sum(map(ord, prefix)) % max(1, len(items) - 50)
    fields = items[offset:offset + 50]
    svc.store.record([Edit(iid, "finding", f"{iid}/finding/{fields[k % len(fields)]}", "note",
                           f"note {k}") for k in range(n)], svc.profile().name)


def enrol_offline(target, hub: Hub, name: str, role: str = "inspector") -> None:
    """Enrol a laptop with ``hub`` as ``sync --enrol`` would, without HTTP."""
    from inspect_tui.sync import client

    store = getattr(target, "store", target)
    keys = client.device_keys(store)
    data = hub.claim(hub.enrol(name, role), store.device, keys.sign_public, keys.box_public)
    secrets.for_store(store).set(secrets.TOKEN, data["token"])
    for key, value in ((meta.SYNC_URL, "http://127.0.0.1:9"),
                       (meta.SYNC_HUB_ID, data["hub"]), (meta.SYNC_HUB_SIGN, data["hub_sign_key"]),
                       (meta.SYNC_HUB_BOX, data["hub_box_key"]), (meta.SYNC_ROLE, role)):
        store.set_meta(key, value)
    meta.write_profile(store, data["name"], data["role"])
    store.reauthor_unsent(data["name"])


def item(k: int | str) -> str:
    """A real standards item id, picked by ``k`` (events about unknown items are refused)."""
    from inspect_tui.catalogue import default_catalogue

    items = [i.id for i in default_catalogue().items()]
    index = k if isinstance(k, int) else sum(map(ord, k))
    return items[index % len(items)]


def token_of(target) -> str:
    """The device token a laptop keeps (in its secrets file during tests)."""
    store = getattr(target, "store", target)
    return secrets.for_store(store).get(secrets.TOKEN) or ""


def set_token_of(target, token: str) -> None:
    store = getattr(target, "store", target)
    secrets.for_store(store).set(secrets.TOKEN, token)


def share(hub_db: Path, iid: str, *names: str) -> None:
    """Make enrolled people members of an inspection, as `hub assign` does."""
    h = Hub(hub_db)
    try:
        h.members.assign(iid, list(names), h.registry)
    finally:
        h.close()
