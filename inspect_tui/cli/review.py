"""``inspect-tui submit|approve|return``: the review workflow."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable

from .common import open_service

log = logging.getLogger(__name__)

ACTIONS = (("submit", "submit an inspection for review"),
           ("approve", "approve a submitted inspection (managers)"),
           ("return", "return a submitted inspection with comments"),
           ("reopen", "take a submitted or approved inspection back to draft to edit it"))


def register(sub, db_parent: argparse.ArgumentParser) -> None:
    for action, helptext in ACTIONS:
        p = sub.add_parser(action, parents=[db_parent], help=helptext)
        p.add_argument("id")
        p.add_argument("-m", "--comment", default="", required=(action == "return"))
        p.set_defaults(func=_command(action))


def _command(action: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        service = open_service(args)
        iid = service.resolve_id(args.id)
        comment = args.comment or ""
        if action == "submit":
            service.submit(iid, comment)
        elif action == "approve":
            warnings = service.approval_warnings(iid)
            service.approve(iid, comment)
            if warnings:  # approved as asked, but never silently over open problems
                print(f"warning: approved with {len(warnings)} open problem(s) on the "
                      "review list:", file=sys.stderr)
                for problem in warnings[:20]:
                    print(f"  {problem.message}", file=sys.stderr)
                if len(warnings) > 20:
                    print(f"  … and {len(warnings) - 20} more (inspect-tui check {iid})",
                          file=sys.stderr)
        elif action == "reopen":
            service.reopen(iid, comment)
        else:
            service.return_for_changes(iid, comment)
        status = service.load(iid).status
        log.info("review %s inspection=%s now %s", action, iid, status)
        print(f"Inspection {iid} is now {status}")
        return 0
    return run
