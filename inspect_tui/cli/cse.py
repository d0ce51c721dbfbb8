"""``inspect-tui export-cse [--format csv|json] [-o FILE]``: the anonymised CSE core data set
across every inspection in the database."""

from __future__ import annotations

import argparse
import logging
import sys

log = logging.getLogger(__name__)


def register(subparsers, db_parent: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "export-cse", parents=[db_parent],
        help="export the CSE core data set of every inspection as counts, small numbers "
             "hidden (no case codes, no ids, no free text)")
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
    types = service.cse.indicator_types()
    data = core_data(docs, types)
    if args.format == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_csv(data)
    import logging

    logging.getLogger(__name__).info("CSE core data set of %d inspection(s) exported to %s",
                                     len(data["inspections"]), args.output or "stdout")
    if args.output:
        where = str(write_private(Path(args.output), text))
        print(f"Exported the CSE counts of {len(data['inspections'])} inspection(s) to "
              f"{args.output} (reference {data['export_ref']}; small numbers hidden)",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
        where = "standard output"
    log.info("cse export format=%s inspections=%d ref=%s written to %s", args.format,
             len(data["inspections"]), data["export_ref"], where)
    return 0
