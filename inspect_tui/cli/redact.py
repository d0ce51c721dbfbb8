"""``inspect-tui redact INSPECTION --find TEXT --reason R [--yes]``: a manager erases text
that must not be kept (a child's name in a note) from every value, here and, by sync, on
every device and the hub. Lists what it will erase first."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import CliError, open_service, plural


def register(sub: Any, db_parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("redact", parents=[db_parent],
                       help="erase text from an inspection's record everywhere (managers)")
    p.add_argument("id", metavar="INSPECTION")
    p.add_argument("--find", required=True, metavar="TEXT", help="the text to erase (any case)")
    p.add_argument("--reason", required=True, metavar="R", help="why, kept with the redaction")
    p.add_argument("--yes", action="store_true", help="do not ask before erasing")
    p.set_defaults(func=cmd_redact)


def _excerpt(value: Any, width: int = 70) -> str:
    import json

    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def cmd_redact(args: argparse.Namespace) -> int:
    from ..errors import Forbidden

    service = open_service(args)
    try:
        iid = service.resolve_id(args.id)
        profile = service.profile()
        if profile is None or profile.role != "manager":
            raise Forbidden("redact: only a manager can redact")
        planned = service.redaction.plan(iid, args.find)
        if not planned:
            raise CliError(f"{args.find!r} appears nowhere in inspection {iid}; nothing "
                           "to redact")
        print(f"Will erase {plural(len(planned), 'value')} in inspection {iid}:")
        for item in planned:
            print(f"  {item.describe()}")
            print(f"    becomes: {_excerpt(item.after)}")
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError("add --yes to redact without a question (nothing changed)")
            answer = input("Erase these values here and, at the next sync, everywhere? "
                           "[y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing changed")
                return 1
        done = service.redaction.redact(iid, args.find, args.reason)
    finally:
        service.close()
    print(f"Redacted {plural(len(done), 'value')}; sync to erase them on the hub and "
          "every other device")
    return 0
