"""``inspect-tui standards validate|list|show``: the content in the tool."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import CliError, print_json

UNVERIFIED_EXIT = 3  # valid content, but --strict found text not read in its source


def register(sub, db_parent: argparse.ArgumentParser) -> None:
    standards = sub.add_parser("standards", help="the regulations and checklists in the tool")
    std_sub = standards.add_subparsers(dest="standards_command", metavar="ACTION", required=True)
    p = std_sub.add_parser(
        "validate", help="check content files; one line per problem",
        description="Check content files: one line per problem, exit 1 if any. With --strict, "
        "also list every piece of content whose primary text was not read (verified: false), "
        "one line each with its source and what is still to be read, and exit 3 if there is "
        "any: content that is valid but unverified is usable (the report counts it), so only "
        "--strict, the gate before a content release, fails on it.")
    p.add_argument("dir", nargs="?", help="a content folder (default: the bundled content)")
    p.add_argument("--strict", action="store_true",
                   help="list every unverified item; exit 3 if any (1 still means invalid)")
    p.set_defaults(func=cmd_validate)
    p = std_sub.add_parser("list", help="list every standards item")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = std_sub.add_parser("show", help="show one item with its prompts")
    p.add_argument("id")
    p.set_defaults(func=cmd_show)


def cmd_validate(args: argparse.Namespace) -> int:
    from ..catalogue import ContentError, load_catalogue
    from ..paths import checklists_dir, standards_dir

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
    unverified = catalogue.unverified()
    if args.strict:
        for entry in unverified:
            print(entry)
    print(f"ok: edition {catalogue.edition_id}: {len(catalogue.regulations)} regulations, "
          f"{items} items, {len(catalogue.checklists)} checklists ({checks} items), "
          f"{len(catalogue.language.phrases)} language phrases; {len(unverified)} unverified"
          + ("" if args.strict or not unverified else " (--strict lists them)"))
    return UNVERIFIED_EXIT if args.strict and unverified else 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..catalogue import default_catalogue

    catalogue = default_catalogue()
    rows = [{"id": item.id, "regulation": item.regulation, "title": item.title,
             "standard": catalogue.regulation_of(item.id).title,
             "cse_relevant": item.cse_relevant, "verified": item.provenance.verified}
            for item in catalogue.items()]
    if args.json:
        print_json(rows)
        return 0
    current = None
    for row in rows:
        if row["standard"] != current:
            current = row["standard"]
            print(f"\n{current}")
        flag = "" if row["verified"] else "  [unverified]"
        print(f"  {row['id']:<22} {row['regulation']:<14} {row['title']}{flag}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..catalogue import default_catalogue

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
    for t in item.timescales:
        print(f"Time limit: {t.says} ({t.basis}: {t.source})")
    print(f"CSE relevant: {'yes' if item.cse_relevant else 'no'}")
    prov = item.provenance
    verified = f"verified: read at {prov.cited}" if prov.verified else "NOT verified"
    note = f" ({' '.join(prov.note.split())})" if prov.note else ""
    print(f"Source: {prov.source} [{verified}]{note}")
    return 0
