"""``inspect-tui hub init|serve|enrol|devices|revoke``: the organisation's sync hub.

Heavy imports (uvicorn, cryptography) happen inside the commands.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import hub_db_path


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


# --- hub ------------------------------------------------------------------------------------

def cmd_hub_init(args: argparse.Namespace) -> int:
    from ..sync.hub import Hub
    from ..sync.keys import key_file

    path = hub_db_path(args)
    hub = Hub.init(path)
    print(f"Hub created: {path} (hub id {hub.id}), keys in {key_file(path)}")
    hub.close()
    return 0


def cmd_hub_serve(args: argparse.Namespace) -> int:
    from ..sync.hub import Hub
    from ..sync.server import serve

    hub = Hub(hub_db_path(args))
    print(f"Hub {hub.id} serving {hub.path} on http://{args.host}:{args.port}/ "
          "(Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        serve(hub, args.host, args.port)
    finally:
        hub.close()
    return 0


def cmd_hub_enrol(args: argparse.Namespace) -> int:
    from ..sync.hub import Hub

    hub = Hub(hub_db_path(args))
    try:
        code = hub.enrol(args.name, args.role)
    finally:
        hub.close()
    print(f"One-time enrolment code for {args.name} ({args.role}); on the device run "
          "`inspect-tui sync --hub URL --enrol CODE`:")
    print(code)
    return 0


def cmd_hub_devices(args: argparse.Namespace) -> int:
    from ..sync.hub import Hub

    hub = Hub(hub_db_path(args))
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
    from ..sync.errors import SyncError
    from ..sync.hub import Hub

    hub = Hub(hub_db_path(args))
    try:
        if not hub.registry.revoke(args.device):
            raise SyncError(f"no enrolled device {args.device!r}")
    finally:
        hub.close()
    print(f"Device {args.device} revoked")
    return 0


