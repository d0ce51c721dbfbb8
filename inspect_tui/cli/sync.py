"""``inspect-tui sync [export|import|status]``: send and receive edits through the hub,
or carry them in a bundle file. Heavy imports (httpx, cryptography) happen inside.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Any

from ..domain.time import shown
from .common import db_path

log = logging.getLogger(__name__)


def register(sub: Any, db_parent: argparse.ArgumentParser) -> None:
    sync = sub.add_parser("sync", parents=[db_parent],
                          help="sync with the hub, or export/import a bundle file")
    sync.add_argument("--hub", metavar="URL", help="the hub's address (remembered)")
    sync.add_argument("--enrol", metavar="CODE", help="enrol this device first (once)")
    sync.set_defaults(func=cmd_sync)
    sync_sub = sync.add_subparsers(dest="sync_command", metavar="ACTION")
    p = sync_sub.add_parser("export", parents=[db_parent],
                            help="write a bundle of events the hub has not acknowledged")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--all", action="store_true", help="every event, not only unacknowledged")
    p.add_argument("--for", dest="for_device", metavar="DEVICE",
                   help="on the hub: a bundle for this enrolled device")
    p.set_defaults(func=cmd_sync_export)
    p = sync_sub.add_parser("status", parents=[db_parent],
                            help="the hub, the last sync and what has not reached the hub")
    p.set_defaults(func=cmd_sync_status)
    p = sync_sub.add_parser("import", parents=[db_parent], help="apply a bundle file")
    p.add_argument("file")
    p.set_defaults(func=cmd_sync_import)


def _is_hub(path: Path) -> bool:
    from ..store import EventStore, meta

    if not path.exists():
        return False
    store = EventStore(path)
    try:
        return meta.is_hub(store)
    finally:
        store.close()


# --- sync -----------------------------------------------------------------------------------

class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream: Any = None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.shown = False
        self._last = 0.0
        self._phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self._phase and done < total and now - self._last < 0.1:
            return
        if phase != self._phase and self.shown:
            self.stream.write("\n")
        self._phase, self._last = phase, now
        fill = self.width if total <= 0 else int(self.width * done / total)
        label = "sending " if phase == "send" else "receiving"
        self.stream.write(f"\r{label} [{'#' * fill}{'.' * (self.width - fill)}] "
                          f"{done}/{total}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def cmd_sync(args: argparse.Namespace) -> int:
    from ..service import Service
    from ..sync.client import hub_url, sync_now

    service = Service(db_path(args))
    try:
        if not (args.hub or hub_url(service)):
            from ..sync.errors import SyncError

            raise SyncError("give the hub's address the first time: "
                            "`inspect-tui sync --hub URL --enrol CODE`")
        if args.enrol:
            print("Enrolling this device…", file=sys.stderr)
        bar = ProgressBar()
        try:
            summary = sync_now(service, bar, hub=args.hub, enrol_code=args.enrol)
        finally:
            bar.close()
    finally:
        service.close()
    print(summary.line())
    return 0


def cmd_sync_status(args: argparse.Namespace) -> int:
    from ..store import EventStore
    from ..sync.client import status
    from ..sync.errors import SyncError

    path = db_path(args)
    if not path.exists():
        raise SyncError(f"{path}: no such database")
    if _is_hub(path):
        print(f"{path} is a hub: see `inspect-tui hub devices --db {path}`")
        return 0
    store = EventStore(path)
    try:
        _scan(store)
        now = status(store)
        store_device = store.device
        quarantined = store.quarantined()
    finally:
        store.close()
    if not now.hub:
        print("Not enrolled with a hub: `inspect-tui sync --hub URL --enrol CODE`")
    else:
        from ..sync.secrets import Secrets

        print(f"Hub: {now.hub} (enrolled as {now.role})")
        print(f"Device token and keys: {Secrets(path, store_device).where}")
        print(f"Last sync: {shown(now.last_sync) if now.last_sync else 'never'}")
    waiting = now.unacknowledged
    print(f"Not yet acknowledged by the hub: {waiting} edit{'s' if waiting != 1 else ''}")
    print(f"Open conflicts: {now.conflicts}")
    print(f"Quarantined (kept, not applied: they failed validation): {len(quarantined)}")
    for event_id, iid, entity, field, reason, at in quarantined:
        print(f"  {event_id} inspection {iid} {entity} {field}: {reason} ({shown(at)})")
    return 0


def _scan(store) -> None:
    """Look over the whole log for events already here that fail validation."""
    from ..service import Service

    service = Service(store.path, store=store)
    service.scan_log()


def cmd_sync_export(args: argparse.Namespace) -> int:
    from ..sync.errors import SyncError

    path = db_path(args)
    out = Path(args.output)
    if _is_hub(path):
        if not args.for_device:
            raise SyncError("on the hub, say which device the bundle is for: --for DEVICE")
        from ..sync.hub import Hub

        hub = Hub(path)
        try:
            count = hub.export_for(args.for_device, out, everything=args.all)
        finally:
            hub.close()
    else:
        if args.for_device:
            raise SyncError("--for is for the hub; this is a device's database")
        from ..sync.client import export_bundle

        count = export_bundle(path, out, everything=args.all)
    log.info("bundle export events=%d written to %s", count, out)
    print(f"Wrote {count} event{'s' if count != 1 else ''} to {out}")
    return 0


def cmd_sync_import(args: argparse.Namespace) -> int:
    from ..sync.errors import SyncError

    path, bundle = db_path(args), Path(args.file)
    if not bundle.is_file():
        raise SyncError(f"{bundle}: no such file")
    if _is_hub(path):
        from ..sync.hub import Hub

        hub = Hub(path)
        try:
            result = hub.import_bundle(bundle)
        finally:
            hub.close()
        total, new = result.events, result.new
    else:
        from ..sync.client import import_bundle

        total, new = import_bundle(path, bundle)
    log.info("bundle import events=%d new=%d from %s", total, new, bundle)
    print(f"Imported {bundle.name}: {total} event{'s' if total != 1 else ''}, {new} new")
    return 0
