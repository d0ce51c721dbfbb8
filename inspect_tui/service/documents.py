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

from ..domain.cse.models import CseRecord, MissingEpisode, Notification, Perpetrator
from ..domain.entities import (
    CSE_KINDS,
    LIST_KINDS,
    BadEntityId,
    entity_id,
    field_adapter,
    parse_entity_id,
    tail,
)
from ..domain.entities import INSPECTION_PARTS as ENTITY_INSPECTION_PARTS
from ..domain.models import (
    STORED,
    Action,
    CheckResult,
    Enforcement,
    Finding,
    InspectionDocument,
    Premises,
    PreviousInspection,
    ReviewEntry,
    YoungPerson,
)
from ..domain.review import Step, causal_order, derive_status
from ..errors import Invalid
from ..store import Edit, FieldValue

INSPECTION_FIELDS = ("content_edition", "type", "start_date", "end_date", "lead_inspector",
                     "team", "reviewers", "archived")
LIST_ENTITIES: dict[str, type[BaseModel]] = {"premises": Premises, "young_person": YoungPerson,
                                             "action": Action}
assert set(LIST_ENTITIES) == set(LIST_KINDS)
# Parts of the inspection stored as one field each on the inspection entity
# (``previous_inspection.date``), so that two people editing different parts never conflict.
INSPECTION_PARTS: dict[str, tuple[str, ...]] = {
    "previous_inspection": ("none", "date", "outcome"),
    "enforcement": ("none", "actions"),
}
assert tuple(INSPECTION_PARTS) == ENTITY_INSPECTION_PARTS
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
    edits += part_edits(iid, data)
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


def part_edits(iid: str, new: dict[str, Any], old: dict[str, Any] | None = None
               ) -> list[Edit]:
    """Edits for the inspection's parts (``new``, ``old``: documents as JSON): every field
    when there is no ``old`` (a new inspection), else only the fields that changed."""
    edits = []
    for part, names in INSPECTION_PARTS.items():
        for name in names:
            value = new[part][name]
            if old is None or old[part][name] != value:
                edits.append(Edit(iid, "inspection", iid, f"{part}.{name}", value))
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

def readable(iid: str, f: FieldValue) -> bool:
    """Whether a materialised value is one the service could have written: its entity id
    follows the grammar and its value is valid for its field (the validator's own check).
    The read model leaves out anything else, so a bad value never stops a load."""
    return _good_id(iid, f.entity, f.entity_id) and _good_value(f)


def readable_fields(iid: str, fields: Iterable[FieldValue]) -> list[FieldValue]:
    """The fields :func:`readable` keeps, each entity's id checked once rather than once
    per field (a finding has five or six)."""
    ids: dict[tuple[str, str], bool] = {}
    kept = []
    for f in fields:
        key = (f.entity, f.entity_id)
        good = ids.get(key)
        if good is None:
            good = ids[key] = _good_id(iid, f.entity, f.entity_id)
        if good and _good_value(f):
            kept.append(f)
    return kept


def _good_id(iid: str, entity: str, value: str) -> bool:
    try:
        parse_entity_id(iid, entity, value)
    except BadEntityId:
        return False
    return True


def _good_value(f: FieldValue) -> bool:
    adapter = field_adapter(f.entity, f.field)
    if adapter is None:
        return False
    try:
        adapter.validate_python(f.value, context=STORED)
    except ValidationError:
        return False
    return True


def build_document(iid: str, fields: Iterable[FieldValue], *, checked: bool = False
                   ) -> InspectionDocument:
    """Assemble the document from materialised fields (unreadable ones left out).
    ``checked``: every field given has passed :func:`readable` already (each check
    validates the value, the larger part of a load: done once, not twice)."""
    grouped: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    review_ids: dict[str, str] = {}
    for f in fields:
        if not checked and not readable(iid, f):
            continue
        grouped[(f.entity, f.entity_id)][f.field] = f.value
        if f.entity == "review":
            review_ids[f.entity_id] = f.event_id
    inspection = grouped.get(("inspection", iid), {})
    provider = grouped.get(("provider", entity_id(iid, "provider")), {})
    lists: dict[str, list[dict[str, Any]]] = defaultdict(list)
    findings, checks_, steps = [], [], []
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
        elif entity == "review" and "entry" in values:
            steps.append(Step.of(review_ids.get(eid, ""), values["entry"]))
    missing = [k for k in INSPECTION_FIELDS if k not in inspection and k not in ("team",
                                                                                "archived")]
    if missing or not provider:
        raise Invalid(f"inspection {iid} is incomplete here (no {(missing or ['provider'])[0]}"
                      " yet): sync again to receive the rest")
    data = {
        # A field never written (``reviewers`` in an inspection older than it) is left
        # to the model's default.
        **{k: inspection[k] for k in INSPECTION_FIELDS if k in inspection},
        **{part: {name: inspection[f"{part}.{name}"] for name in names
                  if f"{part}.{name}" in inspection}
           for part, names in INSPECTION_PARTS.items()},
        "id": iid,
        "status": derive_status(steps),
        "provider": provider,
        "premises": sorted(lists["premises"], key=lambda r: r.get("label", "")),
        "young_people": sorted(lists["young_person"], key=lambda r: (r.get("case_code", ""),
                                                                     r["id"])),
        "actions": sorted(lists["action"], key=lambda r: (r.get("kind", ""),
                                                          str(r.get("due_date") or ""),
                                                          r.get("text", ""))),
        "findings": sorted(findings, key=lambda r: r["item_id"]),
        "checks": sorted(checks_, key=lambda r: (r["item_id"], r["subject"])),
        "outcome": outcome,
        "review": [dict(s.entry) for s in causal_order(steps)],
        "cse": cse_records(iid, grouped, {y["id"] for y in lists["young_person"]}),
    }
    data["archived"] = bool(data.get("archived"))
    data["team"] = data.get("team") or []
    try:
        return InspectionDocument.model_validate(data, context=STORED)
    except ValidationError:
        # Concurrent edits can each be valid and together break a rule of the whole (a
        # young person removed while a finding links to them, two people given one case
        # code): show what holds rather than not open.
        return InspectionDocument.model_validate(_salvage(data), context=STORED)


def _salvage(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with what breaks the document's rules left out, row by row."""
    rows = {"premises": Premises, "young_people": YoungPerson, "actions": Action,
            "findings": Finding, "checks": CheckResult, "review": ReviewEntry}
    for key, model in rows.items():
        data[key] = [r for r in data[key] if _valid(model, r)]
    ids: set[str] = set()
    codes: set[str] = set()
    for key in ("premises", "young_people", "actions"):
        kept = []
        for row in data[key]:
            code = row.get("case_code")
            if row["id"] in ids or (code is not None and code in codes):
                continue
            ids.add(row["id"])
            if code is not None:
                codes.add(code)
            kept.append(row)
        data[key] = kept
    premises = {p["id"] for p in data["premises"]}
    people = {y["id"] for y in data["young_people"]}
    for f in data["findings"]:
        f["premises"] = [p for p in f.get("premises", []) if p in premises]
        f["young_people"] = [y for y in f.get("young_people", []) if y in people]
    for y in data["young_people"]:
        if y.get("premises_id") not in premises:
            y["premises_id"] = None
    cse = []
    for rec in data["cse"]:
        if rec["young_person_id"] not in people:
            continue
        for key, model in (("missing_episodes", MissingEpisode),
                           ("notifications", Notification)):
            rec[key] = [r for r in rec[key] if _valid(model, r)]
        core = rec["perpetrators"]
        core["perpetrators"] = [r for r in core["perpetrators"] if _valid(Perpetrator, r)]
        if core.get("number") is not None and len(core["perpetrators"]) > core["number"]:
            core["number"] = len(core["perpetrators"])
        if _valid(CseRecord, rec):
            cse.append(rec)
    data["cse"] = cse
    for part, model in (("previous_inspection", PreviousInspection),
                        ("enforcement", Enforcement)):
        if not _valid(model, data[part]):
            data[part] = {}
    if not _valid(InspectionDocument, data) and data["previous_inspection"].get("date"):
        data["previous_inspection"] = {**data["previous_inspection"], "date": None}
    if (_valid(InspectionDocument, {**data, "end_date": data["start_date"]})
            and not _valid(InspectionDocument, data)):
        data["end_date"] = data["start_date"]  # edited apart: the two dates cross
    return data


def _valid(model: type[BaseModel], row: Any) -> bool:
    try:
        model.model_validate(row, context=STORED)
    except ValidationError:
        return False
    return True


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
