"""``inspect-tui export-cse [--format csv|json] [-o FILE]``: the anonymised CSE core data set
across every inspection in the database. Registered through ``cli.COMMAND_MODULES``."""

from __future__ import annotations

import argparse
import sys


def register(subparsers, db_parent: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "export-cse", parents=[db_parent],
        help="export the anonymised CSE core data set of every inspection (no case codes, "
             "no free text)")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="file to write (created private, 0600); default: standard output")
    p.set_defaults(func=cmd_export_cse)


def cmd_export_cse(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from .cli import _service
    from .cse_export import core_data, to_csv
    from .cse_service import indicator_types

    service = _service(args)
    docs = [service.load(iid) for iid in service.inspection_ids()]
    data = core_data(docs, indicator_types(service))
    if args.format == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_csv(data)
    victims = sum(len(i["victims"]) for i in data["inspections"])
    if args.output:
        _write_private(Path(args.output), text)
        print(f"Exported {victims} young people from {len(data['inspections'])} inspection(s) "
              f"to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _write_private(path, text: str) -> None:
    """Write ``text`` to a file only its owner can read, even if the file already existed."""
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
