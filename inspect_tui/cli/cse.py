"""``inspect-tui export-cse [--format csv|json] [-o FILE]``: the anonymised CSE core data set
across every inspection in the database."""

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

    from ..files import write_private
    from ..service.cse_export import core_data, to_csv
    from .common import open_service

    service = open_service(args)
    docs = [service.load(iid) for iid in service.inspection_ids()]
    data = core_data(docs, service.cse.indicator_types())
    if args.format == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_csv(data)
    victims = sum(len(i["victims"]) for i in data["inspections"])
    if args.output:
        write_private(Path(args.output), text)
        print(f"Exported {victims} young people from {len(data['inspections'])} inspection(s) "
              f"to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
