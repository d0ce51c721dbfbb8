"""``inspect-tui setting ID [--registered-manager NAME ...]``: the setting details, the
previous inspection and enforcement since, which the report states. Thin over
:meth:`Service.update_inspection`; with no option it prints what is recorded."""

from __future__ import annotations

import argparse

from .common import CliError, open_service, print_json

# option dest -> (part of the document, field)
OPTIONS = {
    "registered_manager": ("provider", "registered_manager"),
    "responsible_individual": ("provider", "responsible_individual"),
    "service": ("provider", "service"),
    "address": ("provider", "address"),
    "previous_date": ("previous_inspection", "date"),
    "previous_outcome": ("previous_inspection", "outcome"),
    "enforcement": ("enforcement", "actions"),
}


def register(sub, db_parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "setting", parents=[db_parent],
        help="show or set the setting details, previous inspection and enforcement "
             "that the report states")
    p.add_argument("id")
    p.add_argument("--registered-manager", metavar="NAME")
    p.add_argument("--responsible-individual", metavar="NAME",
                   help="the responsible individual or nominated individual")
    p.add_argument("--service", metavar="TEXT", help="what the service provides")
    p.add_argument("--address", metavar="TEXT", help="the address, or the area served")
    p.add_argument("--categories", metavar="N,N",
                   help="categories of accommodation, 1-4, comma-separated")
    first = p.add_mutually_exclusive_group()
    first.add_argument("--previous-date", metavar="YYYY-MM-DD",
                       help="last day of the previous inspection")
    first.add_argument("--no-previous", action="store_true",
                       help="this is the provider's first inspection")
    p.add_argument("--previous-outcome", metavar="TEXT",
                   help="the previous inspection's outcome, in its report's words")
    enforcement = p.add_mutually_exclusive_group()
    enforcement.add_argument("--enforcement", metavar="TEXT",
                             help="enforcement action since the last inspection, and when")
    enforcement.add_argument("--no-enforcement", action="store_true",
                             help="no enforcement action since the last inspection")
    p.add_argument("--json", action="store_true", help="print the details as JSON")
    p.set_defaults(func=cmd_setting)


def setting_changes(args: argparse.Namespace) -> dict[str, dict]:
    """The options given, as :meth:`Service.update_inspection` keyword arguments."""
    changes: dict[str, dict] = {}
    for dest, (part, field) in OPTIONS.items():
        value = getattr(args, dest)
        if value is not None:
            changes.setdefault(part, {})[field] = value
    if args.categories is not None:
        try:
            categories = [int(c) for c in args.categories.split(",") if c.strip()]
        except ValueError:
            raise CliError(f"--categories: {args.categories!r} is not a list of numbers "
                           "1-4 (e.g. 1,2,4)") from None
        changes.setdefault("provider", {})["categories"] = categories
    if args.no_previous:
        if args.previous_outcome:
            raise CliError("--no-previous: a first inspection has no previous outcome")
        changes["previous_inspection"] = {"none": True, "date": None, "outcome": ""}
    elif "previous_inspection" in changes:
        changes["previous_inspection"]["none"] = False
    if args.no_enforcement:
        changes["enforcement"] = {"none": True, "actions": ""}
    elif "enforcement" in changes:
        changes["enforcement"]["none"] = False
    return changes


def cmd_setting(args: argparse.Namespace) -> int:
    service = open_service(args)
    iid = service.resolve_id(args.id)
    changes = setting_changes(args)
    if changes:
        service.update_inspection(iid, **changes)
    doc = service.load(iid)
    details = {"provider": doc.provider.model_dump(mode="json"),
               "previous_inspection": doc.previous_inspection.model_dump(mode="json"),
               "enforcement": doc.enforcement.model_dump(mode="json")}
    if args.json:
        print_json(details)
        return 0
    p, previous, enforcement = doc.provider, doc.previous_inspection, doc.enforcement
    blank = "(not recorded)"
    lines = [
        ("Provider", f"{p.name} [{p.urn}]"),
        ("Registered manager", p.registered_manager or blank),
        ("Responsible individual", p.responsible_individual or blank),
        ("Service", p.service or blank),
        ("Address or area", p.address or blank),
        ("Categories", ", ".join(str(c) for c in p.categories) or blank),
        ("Previous inspection", "none (first inspection)" if previous.none else
         f"{previous.date or '(date not recorded)'}: {previous.outcome or blank}"),
        ("Enforcement since", "none" if enforcement.none else enforcement.actions or blank),
    ]
    if changes:
        print(f"Saved the setting details of inspection {iid}")
    for label, value in lines:
        print(f"{label + ':':<24}{value}")
    return 0
