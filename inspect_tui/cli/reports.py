"""``inspect-tui report ID -o FILE.pdf [--audience manager|provider]``.

reportlab is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers, db_parent: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("report", parents=[db_parent],
                              help="write an inspection's PDF report")
    p.add_argument("id", help="inspection id (a unique prefix is enough)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--audience", choices=["manager", "provider"], default="manager",
                   help="manager: everything; provider: leaves out internal notes")
    p.add_argument("--invariant", action="store_true",
                   help="byte-identical output for the same inspection (for tests)")
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..service.reports import generate_report
    from .common import open_service

    service = open_service(args)
    iid = service.resolve_id(args.id)
    conflicts = len(service.conflicts(iid))
    path = generate_report(service, iid, Path(args.output), audience=args.audience,
                           invariant=args.invariant)
    status = service.load(iid).status
    print(f"Wrote the {args.audience} report of inspection {iid} ({status}) to {path}")
    if conflicts:
        print(f"warning: {conflicts} conflict(s) are unresolved; the report says so on its "
              "cover", file=sys.stderr)
    return 0
