"""The command line. Thin: parses arguments, calls the service, prints.

Start-up is kept light: ``--version`` imports nothing beyond the standard library, and
Textual is imported only when the UI opens.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__

PROG = "inspect-tui"
# Feature packages add their own subcommands through a ``register(subparsers)`` function.
COMMAND_MODULES: tuple[str, ...] = (
    "inspect_tui.report_cli",
    "inspect_tui.sync.cli",
    "inspect_tui.cse_cli",
)


class CliError(Exception):
    """A one-line error for the user; exit status 2."""


def _service(args: argparse.Namespace):
    from .paths import resolve_db_path
    from .service import Service

    return Service(resolve_db_path(args.db))


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


# --- commands -------------------------------------------------------------------------

def cmd_tui(args: argparse.Namespace) -> int:
    from .paths import resolve_db_path
    from .tui.app import run_app

    return run_app(resolve_db_path(args.db))


def cmd_standards_validate(args: argparse.Namespace) -> int:
    from .catalogue import ContentError, load_catalogue
    from .paths import checklists_dir, standards_dir

    standards, checklists = standards_dir() / "sa-2023", checklists_dir()
    if args.dir:
        root = Path(args.dir)
        if not root.exists():
            raise CliError(f"{root}: no such folder")
        if (root / "standards").is_dir():
            standards = next(p for p in sorted((root / "standards").iterdir()) if p.is_dir())
            checklists = root / "checklists"
        elif (root / "edition.yaml").exists():
            standards = root
        else:
            raise CliError(f"{root}: not a content folder (expected edition.yaml or standards/)")
    try:
        catalogue = load_catalogue(standards, checklists)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    items = sum(1 for _ in catalogue.items())
    checks = sum(len(c.items) for c in catalogue.checklists)
    print(f"ok: edition {catalogue.edition_id}: {len(catalogue.regulations)} regulations, "
          f"{items} items, {len(catalogue.checklists)} checklists ({checks} items), "
          f"{len(catalogue.language.phrases)} language phrases")
    return 0


def cmd_standards_list(args: argparse.Namespace) -> int:
    from .catalogue import default_catalogue

    catalogue = default_catalogue()
    rows = [{"id": item.id, "regulation": item.regulation, "title": item.title,
             "standard": catalogue.regulation_of(item.id).title,
             "cse_relevant": item.cse_relevant, "verified": item.provenance.verified}
            for item in catalogue.items()]
    if args.json:
        _print_json(rows)
        return 0
    current = None
    for row in rows:
        if row["standard"] != current:
            current = row["standard"]
            print(f"\n{current}")
        flag = "" if row["verified"] else "  [unverified]"
        print(f"  {row['id']:<22} {row['regulation']:<14} {row['title']}{flag}")
    return 0


def cmd_standards_show(args: argparse.Namespace) -> int:
    from .catalogue import default_catalogue

    catalogue = default_catalogue()
    try:
        item = catalogue.item(args.id)
    except KeyError:
        try:
            reg = catalogue.regulation(args.id)
        except KeyError:
            raise CliError(f"no standards item or regulation with id {args.id!r} "
                           "(see `inspect-tui standards list`)") from None
        print(f"Regulation {reg.regulation}: {reg.title}\n\n{reg.summary}\n")
        for item in reg.items:
            print(f"  {item.id:<22} {item.regulation:<14} {item.title}")
        return 0
    reg = catalogue.regulation_of(item.id)
    print(f"{item.id}  regulation {item.regulation}  ({reg.title})")
    print(item.title)
    for heading, lines in (("Look for", item.prompts.look_for),
                           ("Good looks like", item.prompts.good_looks_like),
                           ("Should worry you", item.prompts.worries)):
        print(f"\n{heading}:")
        for line in lines:
            print(f"  - {line}")
    sources = ", ".join(catalogue.evidence_label(s) for s in item.evidence_sources)
    print(f"\nEvidence sources: {sources}")
    print(f"CSE relevant: {'yes' if item.cse_relevant else 'no'}")
    verified = "verified" if item.provenance.verified else "NOT verified"
    note = f" ({item.provenance.note})" if item.provenance.note else ""
    print(f"Source: {item.provenance.source} [{verified}]{note}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import create_demo

    service = _service(args)
    iid = create_demo(service)
    print(f"Created the demo inspection in {service.store.path}")
    print(iid)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    service = _service(args)
    rows = service.summaries()
    if args.json:
        _print_json([r.as_dict() for r in rows])
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
    service = _service(args)
    iid = service.resolve_id(args.id)
    text = json.dumps(service.export_document(iid), indent=2, ensure_ascii=False) + "\n"
    _write_private(Path(args.output), text)
    print(f"Exported inspection {iid} to {args.output}")
    return 0


def _write_private(path: Path, text: str) -> None:
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except json.JSONDecodeError as exc:
        raise CliError(f"{path}: line {exc.lineno}: malformed JSON ({exc.msg})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{path}: cannot read ({exc})") from None
    from .errors import ServiceError

    service = _service(args)
    try:
        iid = service.import_document(data)
    except ServiceError as exc:
        raise CliError(f"{path}: {exc}") from None
    print(f"Imported inspection {iid}")
    print(iid)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schemas import schema_for

    _print_json(schema_for(args.what))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    service = _service(args)
    doc = service.load(service.resolve_id(args.id))
    problems = service.check(doc)
    if args.json:
        _print_json([p.as_dict() for p in problems])
        return 0
    if not problems:
        print("Nothing to review: every item is assessed and consistent.")
    for p in problems:
        print(f"[{p.kind}] {p.message}  ({p.where})")
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    service = _service(args)
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


def _review_command(action: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        service = _service(args)
        iid = service.resolve_id(args.id)
        comment = getattr(args, "comment", "") or ""
        if action == "submit":
            service.submit(iid, comment)
        elif action == "approve":
            service.approve(iid, comment)
        elif action == "return":
            service.return_for_changes(iid, comment)
        print(f"Inspection {iid} is now {service.load(iid).status}")
        return 0
    return run


# --- the parser ----------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    db_help = "database file (default: $INSPECT_TUI_DB or the user data folder)"
    db_parent = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's own --db default must not erase one given before it
    # (`inspect-tui --db X check ID`); the top-level --db below defaults to None.
    db_parent.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Inspect supported accommodation: standards, findings, young people, "
                    "reports and sync. With no command, opens the terminal UI.")
    parser.add_argument("--db", metavar="PATH", default=None, help=db_help)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.set_defaults(func=cmd_tui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    standards = sub.add_parser("standards", help="the regulations and checklists in the tool")
    std_sub = standards.add_subparsers(dest="standards_command", metavar="ACTION", required=True)
    p = std_sub.add_parser("validate", help="check content files; one line per problem")
    p.add_argument("dir", nargs="?", help="a content folder (default: the bundled content)")
    p.set_defaults(func=cmd_standards_validate)
    p = std_sub.add_parser("list", help="list every standards item")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_standards_list)
    p = std_sub.add_parser("show", help="show one item with its prompts")
    p.add_argument("id")
    p.set_defaults(func=cmd_standards_show)

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
    for action, helptext in (("submit", "submit an inspection for review"),
                             ("approve", "approve a submitted inspection (managers)"),
                             ("return", "return a submitted inspection with comments")):
        p = sub.add_parser(action, parents=[db_parent], help=helptext)
        p.add_argument("id")
        p.add_argument("-m", "--comment", default="", required=(action == "return"))
        p.set_defaults(func=_review_command(action))

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub, db_parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv in (["--version"], ["-V"]):
        print(f"{PROG} {__version__}")
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    return run(args)


def run(args: argparse.Namespace) -> int:
    from .catalogue import ContentError
    from .errors import ServiceError
    from .store import StoreError

    try:
        return args.func(args)
    except (CliError, ServiceError, StoreError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        first = exc.problems[0]
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        print(f"{PROG}: error: bad content: {first}{more}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a message.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"{PROG}: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 2
