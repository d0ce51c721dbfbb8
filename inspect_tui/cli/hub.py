"""``inspect-tui hub init|serve|enrol|devices|revoke|assign|team|audit``: the
organisation's sync hub.

Heavy imports (uvicorn, cryptography) happen inside the commands.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from .common import CliError, hub_db_path

log = logging.getLogger(__name__)


def register(sub: Any, db_parent: argparse.ArgumentParser) -> None:
    hub = sub.add_parser("hub", help="run the organisation's sync hub")
    hub_sub = hub.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    p = hub_sub.add_parser("init", parents=[db_parent],
                           help="create a hub database and its key pair")
    p.set_defaults(func=cmd_hub_init)
    p = hub_sub.add_parser("serve", parents=[db_parent], help="serve the hub over HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--insecure-dev", action="store_true",
                   help="serve the review site over plain HTTP (127.0.0.1 only, for trying "
                        "it out); otherwise its cookies need HTTPS from the TLS proxy")
    p.add_argument("--forwarded-allow-ips", metavar="IPS", default=None,
                   help="the TLS proxy's address(es), trusted for X-Forwarded-Proto/-For "
                        "(default 127.0.0.1)")
    p.add_argument("--read-timeout", metavar="SECONDS", type=float, default=None,
                   help="seconds a client has to send a whole request body before the hub "
                        "answers 408 and lets it go (default 30)")
    p.set_defaults(func=cmd_hub_serve)
    p = hub_sub.add_parser("enrol", parents=[db_parent],
                           help="issue a one-time enrolment code for a device")
    p.add_argument("name", help="who uses the device")
    p.add_argument("--role", choices=["inspector", "manager"], required=True)
    p.add_argument("--web", action="store_true",
                   help="a sign-in code for the review site instead of a device code "
                        "(managers only; again for the same name resets the password)")
    p.set_defaults(func=cmd_hub_enrol)
    p = hub_sub.add_parser("devices", parents=[db_parent], help="list enrolled devices")
    p.set_defaults(func=cmd_hub_devices)
    p = hub_sub.add_parser("revoke", parents=[db_parent], help="revoke a device's access")
    p.add_argument("device")
    p.set_defaults(func=cmd_hub_revoke)
    p = hub_sub.add_parser("assign", parents=[db_parent],
                           help="make people members of an inspection (need-to-know)")
    p.add_argument("inspection", help="inspection id (or a unique prefix)")
    p.add_argument("names", nargs="+", metavar="NAME",
                   help="enrolled people: a manager reviews, an inspector joins the team")
    p.add_argument("--remove", action="store_true", help="take them off instead")
    p.set_defaults(func=cmd_hub_assign)
    p = hub_sub.add_parser("team", parents=[db_parent],
                           help="the inspectors whose inspections a manager sees")
    p.add_argument("manager")
    p.add_argument("inspectors", nargs="*", metavar="INSPECTOR")
    p.add_argument("--all", action="store_true",
                   help="every inspection (a head of service; the default)")
    p.set_defaults(func=cmd_hub_team)
    p = hub_sub.add_parser("audit", parents=[db_parent],
                           help="the hub's audit trail (`audit verify` checks its chain)")
    p.add_argument("--inspection", metavar="ID")
    p.add_argument("--device", metavar="DEVICE")
    p.add_argument("--since", metavar="DATE", help="from this date (YYYY-MM-DD) or time on")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_hub_audit)
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    v = audit_sub.add_parser("verify", parents=[db_parent],
                             help="check that no record was edited, deleted or reordered")
    v.set_defaults(func=cmd_hub_audit_verify)


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
    from ..sync.server import create_app, serve
    from ..web.app import SiteConfig, create_site
    from ..web.hub_site import hub_app
    from .logs import to_stderr

    if args.insecure_dev and args.host != "127.0.0.1":
        raise CliError("--insecure-dev serves on 127.0.0.1 only: leave out --host, or put "
                       "the hub behind the organisation's TLS proxy")
    timeout = args.read_timeout
    if timeout is not None and not 0.1 <= timeout <= 3600:
        raise CliError("--read-timeout: give a number of seconds from 0.1 to 3600")
    hub = Hub(hub_db_path(args))
    site = create_site(hub.path, SiteConfig(insecure_dev=args.insecure_dev))
    app = hub_app(create_app(hub, read_timeout=timeout), site,
                  https=not args.insecure_dev)
    scheme = "http" if args.insecure_dev else "https (through the TLS proxy)"
    print(f"Hub {hub.id} serving {hub.path} on http://{args.host}:{args.port}/ "
          f"(sync API /v1/, review site / over {scheme}; Ctrl-C to stop)",
          file=sys.stderr, flush=True)
    # One line per request and per refusal on stderr (a service manager's journal), with
    # uvicorn's own errors in the same form; its access log is off.
    try:
        with to_stderr("inspect_tui.sync.access_log", "uvicorn"):
            log.info("hub=%s serving on %s:%d", hub.id, args.host, args.port)
            serve(hub, args.host, args.port, app=app,
                  forwarded_allow_ips=args.forwarded_allow_ips)
            log.info("hub=%s stopped", hub.id)
    finally:
        site.state.site.close()
        hub.close()
    return 0


def cmd_hub_enrol(args: argparse.Namespace) -> int:
    from ..sync.hub import Hub

    hub = Hub(hub_db_path(args))
    if args.web:
        return _enrol_web(hub, args)
    try:
        code = hub.enrol(args.name, args.role)
    finally:
        hub.close()
    log.info("enrolment code issued role=%s", args.role)  # never the code, never the name
    print(f"One-time enrolment code for {args.name} ({args.role}); on the device run "
          "`inspect-tui sync --hub URL --enrol CODE`:")
    print(code)
    return 0


def _enrol_web(hub: Any, args: argparse.Namespace) -> int:
    from ..web.accounts import AccountError, Accounts

    try:
        code = Accounts(hub.store).enrol(args.name, args.role)
    except AccountError as exc:
        raise CliError(str(exc)) from None
    finally:
        hub.close()
    print(f"One-time sign-in code for {args.name} on the review site: sign in at the hub's "
          "address with your name and this code, then choose a password:")
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
        if not hub.revoke(args.device):
            raise SyncError(f"no enrolled device {args.device!r}")
    finally:
        hub.close()
    log.info("device=%s revoked", args.device)
    print(f"Device {args.device} revoked")
    return 0


def _inspection_id(hub: Any, prefix: str) -> str:
    from ..store.members import held_inspections
    from ..sync.errors import SyncError

    held = held_inspections(hub.store)
    matches = [i for i in held if i.startswith(prefix)] if prefix else []
    if len(matches) != 1:
        raise SyncError(f"no single inspection at this hub matches {prefix!r}"
                        if not matches else f"{prefix!r} matches {len(matches)} inspections")
    return matches[0]


def cmd_hub_assign(args: argparse.Namespace) -> int:
    from ..sync import audit
    from ..sync.hub import Hub

    hub = Hub(hub_db_path(args))
    try:
        iid = _inspection_id(hub, args.inspection)
        with hub.lock:
            members = hub.members.assign(iid, args.names, hub.registry, remove=args.remove)
            hub.audit.record(audit.ASSIGNED, None, [iid], names=list(args.names),
                             removed=bool(args.remove))
    finally:
        hub.close()
    print(f"Inspection {iid}: members {', '.join(members.everyone()) or 'none'}")
    return 0


def cmd_hub_team(args: argparse.Namespace) -> int:
    from ..sync import audit
    from ..sync.errors import SyncError
    from ..sync.hub import Hub

    if args.all and args.inspectors:
        raise SyncError("give inspectors or --all, not both")
    if not args.all and not args.inspectors:
        raise SyncError("name the inspectors in the manager's team, or --all")
    hub = Hub(hub_db_path(args))
    try:
        with hub.lock:
            hub.members.set_team(args.manager, [] if args.all else args.inspectors)
            hub.audit.record(audit.TEAM_SET, None, manager=args.manager,
                             inspectors=[] if args.all else list(args.inspectors))
    finally:
        hub.close()
    if args.all:
        print(f"{args.manager} sees every inspection")
    else:
        print(f"{args.manager} sees the inspections of {', '.join(args.inspectors)} "
              "and those they review")
    return 0


def cmd_hub_audit(args: argparse.Namespace) -> int:
    from ..sync.hub import Hub
    from .common import print_json

    since = args.since
    if since is not None:
        from ..domain.time import since_stamp
        from .common import CliError

        try:  # a day in England, as its UTC start (the audit's times are UTC)
            since = since_stamp(since)
        except ValueError:
            raise CliError(f"--since {since!r}: give a date as YYYY-MM-DD") from None
    hub = Hub(hub_db_path(args))
    try:
        records = hub.audit.records(inspection=args.inspection, device=args.device,
                                    since=since)
    finally:
        hub.close()
    if args.json:
        print_json([r.as_dict() for r in records])
        return 0
    if not records:
        print("No audit records match")
    for r in records:
        detail = " ".join(f"{k}={v}" for k, v in sorted(r.detail.items())
                          if k != "per_inspection")
        where = f" inspections {','.join(r.inspections)}" if r.inspections else ""
        print(f"{r.seq:>6}  {r.at}  {r.kind:<14} {r.device or '-':<16}{where}  {detail}"
              .rstrip())
    return 0


def cmd_hub_audit_verify(args: argparse.Namespace) -> int:
    from ..sync.audit import verify
    from ..sync.hub import Hub

    hub = Hub(hub_db_path(args))
    try:
        verdict = verify(hub.store)
    finally:
        hub.close()
    if not verdict.ok:
        print(f"inspect-tui: audit trail broken: {verdict.problem} "
              f"({verdict.count} records before it check out)", file=sys.stderr)
        return 1
    print(f"Audit trail intact: {verdict.count} records, head {verdict.head}")
    return 0
