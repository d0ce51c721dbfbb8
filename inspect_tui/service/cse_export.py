"""The CSE core data set, as counts that can leave the organisation.

IICSA (Feb 2022) asked for CSE data collected apart from other child sexual abuse and broken
down by sex, ethnicity and disability of victim and perpetrator. This module builds that
export from inspection documents: the same counts as the report's CSE section
(:mod:`inspect_tui.domain.cse.statistics`), over every inspection exported, released
through the same disclosure control (:func:`inspect_tui.domain.disclosure.protect`): counts
of 1 to 4, and any count they could be worked out from, are ``"*"``.

What leaves: per inspection with anything recorded on CSE only an export-only reference
(new for every export, so two exports cannot be joined, and never the internal inspection
id that the organisation's records carry) and the start month; then the counts over all of
them. Counts per inspection are not exported: at the size of a setting nearly all would be
hidden, and the rest would let a reader subtract their way to the hidden ones. What never
leaves: case codes, names, ids, dates of episodes or notifications, any free text, and any
record of one young person.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable
from typing import Any

from ..domain.cse.statistics import cse_counts
from ..domain.disclosure import NOTE, THRESHOLD
from ..domain.models import InspectionDocument

FORMAT = "inspect-tui CSE core data set"
VERSION = 2
CSV_FIELDS = ("export_ref", "inspection_ref", "inspection_month", "table", "row", "count")


def core_data(docs: Iterable[InspectionDocument], types: dict[str, str],
              indicator_titles: dict[str, str] | None = None) -> dict[str, Any]:
    docs = list(docs)
    counts = cse_counts(docs, types, indicator_titles)
    export_ref = secrets.token_hex(4).upper()
    inspections = sorted(doc.start_date.strftime("%Y-%m") for doc in docs
                         if cse_counts([doc], types).values["tracked"])
    release = counts.release(protected=True)

    def shown(key: str) -> int | str:
        visible = release.shown(key)
        return "*" if visible is None else visible

    tables = {}
    for table in counts.tables:
        # A hidden total is not broken down: even its zeros would say "all of them are ...".
        withheld = table.total is not None and table.total in release.hidden
        rows = {label: "*" if withheld else shown(key) for key, label in table.rows}
        tables[table.id] = {"title": table.title, "rows": rows,
                            **({"total": {table.total_label: shown(table.total)}}
                               if table.total else {})}
    return {
        "format": FORMAT, "version": VERSION, "export_ref": export_ref,
        "suppression": {"threshold": THRESHOLD, "marker": "*", "note": NOTE},
        "inspections": [{"inspection_ref": f"{export_ref}-{n}", "inspection_month": month}
                        for n, month in enumerate(inspections, 1)],
        "tables": tables,
        "counts": {label: shown(key) for key, label in counts.labels.items()},
    }


def to_csv(data: dict[str, Any]) -> str:
    """Long format: one row per count (``table``, ``row``, ``count``), after one row per
    inspection counted (``table`` ``inspection``, with its reference and month)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    ref = data["export_ref"]
    for inspection in data["inspections"]:
        writer.writerow({"export_ref": ref, "inspection_ref": inspection["inspection_ref"],
                         "inspection_month": inspection["inspection_month"],
                         "table": "inspection"})
    for table_id, table in data["tables"].items():
        for label, count in {**table["rows"], **table.get("total", {})}.items():
            writer.writerow({"export_ref": ref, "table": table_id, "row": label,
                             "count": count})
    for label, count in data["counts"].items():
        writer.writerow({"export_ref": ref, "table": "counts", "row": label, "count": count})
    return out.getvalue()
