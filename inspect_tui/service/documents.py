"""The document and the event log: edits that write a whole document, and the document
read back from materialised fields (the read model).

Entity ids follow the codec in :mod:`inspect_tui.domain.entities`. Event-log layout of the
CSE parts (``<yp>`` is the young person's id)::

    cse               <iid>/cse/<yp>                      classification, override_reason,
                                                          risk_management_note
    cse_indicator     <iid>/cse_indicator/<yp>/<item id>  answer, noted_on, source
    cse_missing       <iid>/cse_missing/<yp>/<id>         episode fields, deleted
    cse_notification  <iid>/cse_notification/<yp>/<id>   kind, event_at, made_at, deleted
    cse_core          <iid>/cse_core/<yp>                 number, acting_with_others
    cse_perpetrator   <iid>/cse_perpetrator/<yp>/<id>     sex, age_band, ethnicity, deleted

The perpetrator core data set lives in its own entities so it is recorded, and can be
exported, apart from other concerns.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from ..domain.entities import CSE_KINDS, LIST_KINDS, entity_id, tail
from ..domain.models import Action, InspectionDocument, Premises, YoungPerson
from ..domain.review import derive_status
from ..store import Edit, FieldValue

INSPECTION_FIELDS = ("content_edition", "type", "start_date", "end_date", "lead_inspector",
                     "team", "archived")
LIST_ENTITIES: dict[str, type[BaseModel]] = {"premises": Premises, "young_person": YoungPerson,
                                             "action": Action}
assert set(LIST_ENTITIES) == set(LIST_KINDS)
CSE_RECORD_FIELDS = ("classification", "override_reason", "risk_management_note")
CSE_CORE_FIELDS = ("number", "acting_with_others")
_CSE_ROWS = {"cse_missing": "missing_episodes", "cse_notification": "notifications"}


def new_id() -> str:
    return secrets.token_hex(6)


def as_json(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


# --- document -> edits --------------------------------------------------------------------

def document_edits(doc: InspectionDocument) -> list[Edit]:
    """Edits that write the whole of ``doc`` (an import, or a new inspection)."""
    iid = doc.id
    data = as_json(doc)
    edits = [Edit(iid, "inspection", iid, f, data[f]) for f in INSPECTION_FIELDS]
    provider = entity_id(iid, "provider")
    edits += [Edit(iid, "provider", provider, f, v) for f, v in data["provider"].items()]
    for kind, key in (("premises", "premises"), ("young_person", "young_people"),
                      ("action", "actions")):
        for row in data[key]:
            eid = entity_id(iid, kind, row["id"])
            edits += [Edit(iid, kind, eid, f, v) for f, v in row.items() if f != "id"]
    for row in data["findings"]:
        eid = entity_id(iid, "finding", row["item_id"])
        edits += [Edit(iid, "finding", eid, f, v) for f, v in row.items() if f != "item_id"]
    for row in data["checks"]:
        eid = entity_id(iid, "check", row["item_id"], row["subject"])
        edits += [Edit(iid, "check", eid, f, v) for f, v in row.items()
                  if f not in ("item_id", "subject")]
    outcome = data["outcome"]
    eid = entity_id(iid, "outcome")
    edits.append(Edit(iid, "outcome", eid, "judgement", outcome["judgement"]))
    edits += [Edit(iid, "outcome", eid, f"rationale.{theme}", text)
              for theme, text in outcome["rationale"].items()]
    for index, entry in enumerate(data["review"]):
        edits.append(Edit(iid, "review", entity_id(iid, "review", f"{index:04d}-{new_id()}"),
                          "entry", entry))
    edits += cse_document_edits(iid, data["cse"])
    return edits


def cse_document_edits(iid: str, records: list[dict[str, Any]]) -> list[Edit]:
    """Edits that write the ``cse`` part of an exported document (as JSON data)."""
    edits: list[Edit] = []
    for rec in records:
        yp = rec["young_person_id"]
        eid = entity_id(iid, "cse", yp)
        edits += [Edit(iid, "cse", eid, f, rec.get(f)) for f in CSE_RECORD_FIELDS]
        for item_id, values in rec.get("indicators", {}).items():
            eid = entity_id(iid, "cse_indicator", yp, item_id)
            edits += [Edit(iid, "cse_indicator", eid, f, v) for f, v in values.items()]
        for entity, key in _CSE_ROWS.items():
            for row in rec.get(key, []):
                eid = entity_id(iid, entity, yp, row["id"])
                edits += [Edit(iid, entity, eid, f, v) for f, v in row.items() if f != "id"]
        core = rec.get("perpetrators") or {}
        if core:
            eid = entity_id(iid, "cse_core", yp)
            edits += [Edit(iid, "cse_core", eid, f, core.get(f)) for f in CSE_CORE_FIELDS]
            for row in core.get("perpetrators", []):
                eid = entity_id(iid, "cse_perpetrator", yp, row["id"])
                edits += [Edit(iid, "cse_perpetrator", eid, f, v) for f, v in row.items()
                          if f != "id"]
    return edits


# --- fields -> document (the read model) --------------------------------------------------

def build_document(iid: str, fields: Iterable[FieldValue]) -> InspectionDocument:
    """Assemble the document from materialised fields."""
    grouped: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for f in fields:
        grouped[(f.entity, f.entity_id)][f.field] = f.value
    inspection = grouped.get(("inspection", iid), {})
    provider = grouped.get(("provider", entity_id(iid, "provider")), {})
    lists: dict[str, list[dict[str, Any]]] = defaultdict(list)
    findings, checks_, review = [], [], []
    outcome: dict[str, Any] = {"judgement": None, "rationale": {}}
    for (entity, eid), values in grouped.items():
        parts = tail(iid, eid)
        if entity in LIST_ENTITIES:
            if not values.pop("deleted", False):
                lists[entity].append({"id": parts[0], **values})
        elif entity == "finding":
            findings.append({"item_id": parts[0], **values})
        elif entity == "check":
            item_id, subject = parts
            checks_.append({"item_id": item_id, "subject": subject, **values})
        elif entity == "outcome":
            for name, value in values.items():
                if name == "judgement":
                    outcome["judgement"] = value
                elif name.startswith("rationale.") and value:
                    outcome["rationale"][name.removeprefix("rationale.")] = value
        elif entity == "review":
            review.append(values["entry"])
    review.sort(key=lambda e: e.get("at", ""))
    data = {
        **{k: inspection.get(k) for k in INSPECTION_FIELDS},
        "id": iid,
        "status": derive_status(review),
        "provider": provider,
        "premises": sorted(lists["premises"], key=lambda r: r.get("label", "")),
        "young_people": sorted(lists["young_person"], key=lambda r: r.get("case_code", "")),
        "actions": sorted(lists["action"], key=lambda r: (r.get("kind", ""),
                                                          str(r.get("due_date") or ""),
                                                          r.get("text", ""))),
        "findings": sorted(findings, key=lambda r: r["item_id"]),
        "checks": sorted(checks_, key=lambda r: (r["item_id"], r["subject"])),
        "outcome": outcome,
        "review": review,
        "cse": cse_records(iid, grouped, {y["id"] for y in lists["young_person"]}),
    }
    data["archived"] = bool(data.get("archived"))
    data["team"] = data.get("team") or []
    try:
        return InspectionDocument.model_validate(data)
    except ValidationError:
        # A removed premises or young person may still be linked from a finding, or a
        # half-synced inspection may lack one: drop dangling links rather than not open.
        premises = {p["id"] for p in data["premises"]}
        people = {y["id"] for y in data["young_people"]}
        for f in data["findings"]:
            f["premises"] = [p for p in f.get("premises", []) if p in premises]
            f["young_people"] = [y for y in f.get("young_people", []) if y in people]
        for y in data["young_people"]:
            if y.get("premises_id") not in premises:
                y["premises_id"] = None
        return InspectionDocument.model_validate(data)


def cse_records(iid: str, grouped: dict[tuple[str, str], dict[str, Any]],
                people: set[str]) -> list[dict[str, Any]]:
    """The ``cse`` part of the document from grouped materialised fields.

    Records of young people no longer in the inspection are left out (a removed young
    person's CSE data stays in the event log, but not in the document).
    """
    records: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"indicators": {}, "missing_episodes": [], "notifications": [],
                 "perpetrators": {"perpetrators": []}})
    for (entity, eid), raw in grouped.items():
        if entity not in CSE_KINDS:
            continue
        values = dict(raw)
        parts = tail(iid, eid)
        yp = parts[0]
        if yp not in people:
            continue
        rec = records[yp]
        if entity == "cse":
            rec.update({f: values[f] for f in CSE_RECORD_FIELDS if f in values})
        elif entity == "cse_indicator":
            rec["indicators"][parts[1]] = values
        elif entity == "cse_core":
            rec["perpetrators"].update({f: values[f] for f in CSE_CORE_FIELDS if f in values})
        else:
            if values.pop("deleted", False):
                continue
            row = {"id": parts[1], **values}
            if entity == "cse_perpetrator":
                rec["perpetrators"]["perpetrators"].append(row)
            else:
                rec[_CSE_ROWS[entity]].append(row)
    result = []
    for yp, rec in records.items():
        rec["young_person_id"] = yp
        rec["indicators"] = dict(sorted(rec["indicators"].items()))
        rec["missing_episodes"].sort(key=lambda r: (str(r.get("went_missing_at") or ""), r["id"]))
        rec["notifications"].sort(key=lambda r: (str(r.get("event_at") or r.get("made_at") or ""),
                                                 r.get("kind", ""), r["id"]))
        rec["perpetrators"]["perpetrators"].sort(key=lambda r: r["id"])
        result.append(rec)
    result.sort(key=lambda r: r["young_person_id"])
    return result
