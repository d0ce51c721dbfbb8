"""Inspections on this laptop: the UI, the demo, list, check, export and import, the
schema, and the profile."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from .common import CliError, db_path, open_service, print_json

log = logging.getLogger(__name__)


def register(sub, db_parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[db_parent], help="create a fictional demo inspection")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("list", parents=[db_parent], help="list inspections in the database")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("export", parents=[db_parent], help="export an inspection as JSON")
    p.add_argument("id")
    p.add_argument("-o", "--output", required=True, metavar="FILE.json")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("import", parents=[db_parent], help="import an inspection JSON file")
    p.add_argument("file")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("schema", help="print a JSON Schema")
    p.add_argument("what", choices=["inspection", "content"])
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("check", parents=[db_parent],
                       help="list what is incomplete or inconsistent in an inspection")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("profile", parents=[db_parent], help="who you are: name and role")
    p.add_argument("--name")
    p.add_argument("--role", choices=["inspector", "manager"])
    p.set_defaults(func=cmd_profile)


def cmd_tui(args: argparse.Namespace) -> int:
    from ..tui.app import run_app
    from .logs import terminal_off

    with terminal_off():  # the UI logs to the file only: the terminal is the screen
        return run_app(db_path(args))


def cmd_demo(args: argparse.Namespace) -> int:
    from ..service.demo import create_demo

    service = open_service(args)
    iid = create_demo(service)
    log.info("demo inspection=%s created", iid)
    print(f"Created the demo inspection in {service.store.path}")
    print(iid)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    service = open_service(args)
    rows = service.summaries()
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    if not rows:
        print("No inspections yet. `inspect-tui demo` creates one to try.")
        return 0
    for r in rows:
        archived = " (archived)" if r.archived else ""
        print(f"{r.id}  {r.provider} [{r.urn}]  {r.start_date}  {r.type}  {r.status}{archived}"
              f"  {r.progress}% assessed, {r.problems} to review")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..files import write_private

    service = open_service(args)
    iid = service.resolve_id(args.id)
    text = json.dumps(service.export_document(iid), indent=2, ensure_ascii=False) + "\n"
    out = write_private(Path(args.output), text)
    log.info("export inspection=%s written to %s", iid, out)
    print(f"Exported inspection {iid} to {args.output}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except json.JSONDecodeError as exc:
        raise CliError(f"{path}: line {exc.lineno}: malformed JSON ({exc.msg})") from None
    except (OSError, UnicodeDecodeError, RecursionError) as exc:
        raise CliError(f"{path}: cannot read ({exc})") from None
    from ..errors import ServiceError

    service = open_service(args)
    try:
        iid = service.import_document(data)
    except ServiceError as exc:
        raise CliError(f"{path}: {exc}") from None
    log.info("import inspection=%s from %s", iid, path)
    print(f"Imported inspection {iid}")
    print(iid)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from ..service.schemas import schema_for

    print_json(schema_for(args.what))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    service = open_service(args)
    doc = service.load(service.resolve_id(args.id))
    problems = service.check(doc)
    if args.json:
        print_json([p.as_dict() for p in problems])
        return 0
    if not problems:
        print("Nothing to review: every item is assessed and consistent.")
    for p in problems:
        print(f"[{p.kind}] {p.message}  ({p.where})")
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    service = open_service(args)
    if args.name or args.role:
        current = service.profile()
        name = args.name or (current.name if current else None)
        role = args.role or (current.role if current else "inspector")
        if not name:
            raise CliError("profile: give --name the first time")
        profile = service.set_profile(name, role)
        print(f"Profile saved: {profile.name} ({profile.role})")
        return 0
    profile = service.profile()
    if profile is None:
        print("No profile yet: `inspect-tui profile --name NAME --role inspector|manager`")
        return 0
    print(f"{profile.name} ({profile.role}), device {profile.device}")
    return 0
