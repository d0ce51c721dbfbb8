"""``inspect-tui hub …`` and ``inspect-tui sync …``: thin wrappers over hub and client.

Heavy imports (httpx, uvicorn, cryptography) happen inside the commands.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any


def register(sub: Any, db_parent: argparse.ArgumentParser) -> None:
    hub = sub.add_parser("hub", help="run the organisation's sync hub")
    hub_sub = hub.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    p = hub_sub.add_parser("init", parents=[db_parent],
                           help="create a hub database and its key pair")
    p.set_defaults(func=cmd_hub_init)
    p = hub_sub.add_parser("serve", parents=[db_parent], help="serve the hub over HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.set_defaults(func=cmd_hub_serve)
    p = hub_sub.add_parser("enrol", parents=[db_parent],
                           help="issue a one-time enrolment code for a device")
    p.add_argument("name", help="who uses the device")
    p.add_argument("--role", choices=["inspector", "manager"], required=True)
    p.set_defaults(func=cmd_hub_enrol)
    p = hub_sub.add_parser("devices", parents=[db_parent], help="list enrolled devices")
    p.set_defaults(func=cmd_hub_devices)
    p = hub_sub.add_parser("revoke", parents=[db_parent], help="revoke a device's access")
    p.add_argument("device")
    p.set_defaults(func=cmd_hub_revoke)

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


def _db(args: argparse.Namespace) -> Path:
    from ..paths import resolve_db_path

    return resolve_db_path(args.db)


def _hub_db(args: argparse.Namespace) -> Path:
    """The hub's database must be named: the default is this user's own laptop database."""
    import os

    from ..paths import DB_ENV
    from .errors import SyncError

    if not args.db and not os.environ.get(DB_ENV):
        raise SyncError("say which database is the hub's: --db HUB.db")
    return _db(args)


def _is_hub(path: Path) -> bool:
    from ..store import EventStore
    from .hub import HUB_META

    if not path.exists():
        return False
    store = EventStore(path)
    try:
        return store.get_meta(HUB_META) == "1"
    finally:
        store.close()


# --- hub ------------------------------------------------------------------------------------

def cmd_hub_init(args: argparse.Namespace) -> int:
    from .hub import Hub
    from .keys import key_file

    path = _hub_db(args)
    hub = Hub.init(path)
    print(f"Hub created: {path} (hub id {hub.id}), keys in {key_file(path)}")
    hub.close()
    return 0


def cmd_hub_serve(args: argparse.Namespace) -> int:
    from .hub import Hub
    from .server import serve

    hub = Hub(_hub_db(args))
    print(f"Hub {hub.id} serving {hub.path} on http://{args.host}:{args.port}/ "
          "(Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        serve(hub, args.host, args.port)
    finally:
        hub.close()
    return 0


def cmd_hub_enrol(args: argparse.Namespace) -> int:
    from .hub import Hub

    hub = Hub(_hub_db(args))
    try:
        code = hub.enrol(args.name, args.role)
    finally:
        hub.close()
    print(f"One-time enrolment code for {args.name} ({args.role}); on the device run "
          "`inspect-tui sync --hub URL --enrol CODE`:")
    print(code)
    return 0


def cmd_hub_devices(args: argparse.Namespace) -> int:
    from .hub import Hub

    hub = Hub(_hub_db(args))
    try:
        devices = hub.registry.all()
    finally:
        hub.close()
    if not devices:
        print("No devices enrolled yet: `inspect-tui hub enrol NAME --role ROLE`")
    for d in devices:
        state = "revoked" if d.revoked else f"last seen {d.last_seen or 'never'}"
        print(f"{d.device}  {d.name} ({d.role})  enrolled {d.enrolled_at}  {state}")
    return 0


def cmd_hub_revoke(args: argparse.Namespace) -> int:
    from .errors import SyncError
    from .hub import Hub

    hub = Hub(_hub_db(args))
    try:
        if not hub.registry.revoke(args.device):
            raise SyncError(f"no enrolled device {args.device!r}")
    finally:
        hub.close()
    print(f"Device {args.device} revoked")
    return 0


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
    from .client import hub_url, sync_now

    service = Service(_db(args))
    try:
        if not (args.hub or hub_url(service)):
            from .errors import SyncError

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
    from .client import status
    from .errors import SyncError

    path = _db(args)
    if not path.exists():
        raise SyncError(f"{path}: no such database")
    if _is_hub(path):
        print(f"{path} is a hub: see `inspect-tui hub devices --db {path}`")
        return 0
    store = EventStore(path)
    try:
        now = status(store)
    finally:
        store.close()
    if not now.hub:
        print("Not enrolled with a hub: `inspect-tui sync --hub URL --enrol CODE`")
    else:
        print(f"Hub: {now.hub} (enrolled as {now.role})")
        print(f"Last sync: {now.last_sync or 'never'}")
    waiting = now.unacknowledged
    print(f"Not yet acknowledged by the hub: {waiting} edit{'s' if waiting != 1 else ''}")
    print(f"Open conflicts: {now.conflicts}")
    return 0


def cmd_sync_export(args: argparse.Namespace) -> int:
    from .errors import SyncError

    path = _db(args)
    out = Path(args.output)
    if _is_hub(path):
        if not args.for_device:
            raise SyncError("on the hub, say which device the bundle is for: --for DEVICE")
        from .hub import Hub

        hub = Hub(path)
        try:
            count = hub.export_for(args.for_device, out, everything=args.all)
        finally:
            hub.close()
    else:
        if args.for_device:
            raise SyncError("--for is for the hub; this is a device's database")
        from .client import export_bundle

        count = export_bundle(path, out, everything=args.all)
    print(f"Wrote {count} event{'s' if count != 1 else ''} to {out}")
    return 0


def cmd_sync_import(args: argparse.Namespace) -> int:
    from .errors import SyncError

    path, bundle = _db(args), Path(args.file)
    if not bundle.is_file():
        raise SyncError(f"{bundle}: no such file")
    if _is_hub(path):
        from .hub import Hub

        hub = Hub(path)
        try:
            result = hub.import_bundle(bundle)
        finally:
            hub.close()
        total, new = result.events, result.new
    else:
        from .client import import_bundle

        total, new = import_bundle(path, bundle)
    print(f"Imported {bundle.name}: {total} event{'s' if total != 1 else ''}, {new} new")
    return 0
