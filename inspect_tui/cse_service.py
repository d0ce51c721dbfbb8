"""CSE tracking through the service: validated edits in, CSE records out.

Functions take a :class:`~inspect_tui.service.Service` so the service module stays small.
Event-log layout (entity ids are paths below the inspection id; ``<yp>`` is the young
person's id)::

    cse               <iid>/cse/<yp>                      classification, override_reason,
                                                          risk_management_note
    cse_indicator     <iid>/cse_indicator/<yp>/<item id>  answer, noted_on, source
    cse_missing       <iid>/cse_missing/<yp>/<id>         episode fields, deleted
    cse_notification  <iid>/cse_notification/<yp>/<id>   kind, event_at, made_at, deleted
    cse_core          <iid>/cse_core/<yp>                 number, acting_with_others
    cse_perpetrator   <iid>/cse_perpetrator/<yp>/<id>     sex, age_band, ethnicity, deleted

The perpetrator core data set lives in its own entities so it is recorded, and can be
exported, apart from other concerns. This module never imports Textual and writes no SQL.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from .domain.cse import (
    ClassificationAdvice,
    CseRecord,
    IndicatorRecord,
    MissingEpisode,
    Notification,
    Perpetrator,
    PerpetratorData,
    classification_rule,
    indicator_types_from,
    with_checklist_answers,
)
from .errors import Invalid, NotFound, describe_validation
from .store import Edit, Event

if TYPE_CHECKING:
    from .domain.models import InspectionDocument
    from .service import Service

CSE_ENTITIES = ("cse", "cse_indicator", "cse_missing", "cse_notification", "cse_core",
                "cse_perpetrator")
RECORD_FIELDS = ("classification", "override_reason", "risk_management_note")
CORE_FIELDS = ("number", "acting_with_others")
INDICATOR_CHECKLIST = "cse-indicators"
_ROWS = {"cse_missing": ("missing_episodes", MissingEpisode, "missing episode"),
         "cse_notification": ("notifications", Notification, "notification"),
         "cse_perpetrator": ("perpetrators", Perpetrator, "perpetrator")}


# --- mapping to and from the event log ----------------------------------------------------

def cse_document_edits(iid: str, records: list[dict[str, Any]]) -> list[Edit]:
    """Edits that write the ``cse`` part of an exported document (as JSON data)."""
    edits: list[Edit] = []
    for rec in records:
        yp = rec["young_person_id"]
        edits += [Edit(iid, "cse", f"{iid}/cse/{yp}", f, rec.get(f)) for f in RECORD_FIELDS]
        for item_id, values in rec.get("indicators", {}).items():
            eid = f"{iid}/cse_indicator/{yp}/{item_id}"
            edits += [Edit(iid, "cse_indicator", eid, f, v) for f, v in values.items()]
        for entity, key in (("cse_missing", "missing_episodes"),
                            ("cse_notification", "notifications")):
            for row in rec.get(key, []):
                eid = f"{iid}/{entity}/{yp}/{row['id']}"
                edits += [Edit(iid, entity, eid, f, v) for f, v in row.items() if f != "id"]
        core = rec.get("perpetrators") or {}
        if core:
            edits += [Edit(iid, "cse_core", f"{iid}/cse_core/{yp}", f, core.get(f))
                      for f in CORE_FIELDS]
            for row in core.get("perpetrators", []):
                eid = f"{iid}/cse_perpetrator/{yp}/{row['id']}"
                edits += [Edit(iid, "cse_perpetrator", eid, f, v) for f, v in row.items()
                          if f != "id"]
    return edits


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
        if entity not in CSE_ENTITIES:
            continue
        values = dict(raw)
        parts = eid[len(iid) + 1:].split("/")
        yp = parts[1]
        if yp not in people:
            continue
        rec = records[yp]
        if entity == "cse":
            rec.update({f: values[f] for f in RECORD_FIELDS if f in values})
        elif entity == "cse_indicator":
            rec["indicators"][parts[2]] = values
        elif entity == "cse_core":
            rec["perpetrators"].update({f: values[f] for f in CORE_FIELDS if f in values})
        else:
            if values.pop("deleted", False):
                continue
            row = {"id": parts[2], **values}
            if entity == "cse_perpetrator":
                rec["perpetrators"]["perpetrators"].append(row)
            else:
                rec[_ROWS[entity][0]].append(row)
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


def check_import(doc: InspectionDocument, known_ids: set[str]) -> None:
    """Refuse an imported document whose CSE indicators name unknown checklist items."""
    for record in doc.cse:
        for item_id in record.indicators:
            if item_id not in known_ids:
                raise Invalid(f"cse: unknown CSE indicator {item_id!r}")


# --- reading ------------------------------------------------------------------------------

def indicator_types(svc: Service) -> dict[str, str]:
    return indicator_types_from(svc.catalogue.checklist(INDICATOR_CHECKLIST).items)


def record(svc: Service, iid: str, yp_id: str) -> CseRecord:
    doc = svc.load(iid)
    _young_person(doc, yp_id)
    return doc.cse_record(yp_id)


def checklist_answers(doc: InspectionDocument, yp_id: str, types: dict[str, str]) -> list:
    """This young person's answers on the generic ``cse-indicators`` checklist."""
    return [c for c in doc.checks if c.subject == yp_id and c.item_id in types]


def advice(svc: Service, iid: str, yp_id: str) -> ClassificationAdvice:
    doc = svc.load(iid)
    _young_person(doc, yp_id)
    types = indicator_types(svc)
    merged = with_checklist_answers(doc.cse_record(yp_id), checklist_answers(doc, yp_id, types))
    return classification_rule(merged, types)


# --- writing ------------------------------------------------------------------------------

def _young_person(doc: InspectionDocument, yp_id: str) -> None:
    if doc.young_person(yp_id) is None:
        raise NotFound(f"no young person with id {yp_id!r}")


def _validated(model: type[BaseModel], data: dict[str, Any], label: str) -> dict[str, Any]:
    try:
        return model.model_validate(data).model_dump(mode="json")
    except ValidationError as exc:
        raise Invalid(describe_validation(exc, f"{label}: ")) from None


def _diff(iid: str, entity: str, eid: str, model: type[BaseModel], current: dict[str, Any],
          changes: dict[str, Any], label: str) -> list[Edit]:
    unknown = set(changes) - set(model.model_fields) | ({"id"} & set(changes))
    if unknown:
        raise Invalid(f"{label}: unknown field {sorted(unknown)[0]!r}")
    data = _validated(model, {**current, **changes}, label)
    return [Edit(iid, entity, eid, name, data[name]) for name in changes
            if data[name] != current.get(name)]


def set_indicator(svc: Service, iid: str, yp_id: str, item_id: str, *, fold: bool = False,
                  **changes: Any) -> list[Event]:
    """Answer one CSE indicator: ``answer``, ``noted_on`` (YYYY-MM-DD), ``source``."""
    if item_id not in {i.id for i in svc.catalogue.checklist(INDICATOR_CHECKLIST).items}:
        raise NotFound(f"no CSE indicator with id {item_id!r}")
    doc = svc.load(iid)
    _young_person(doc, yp_id)
    rec = doc.cse_record(yp_id).indicators.get(item_id)
    current = rec.model_dump(mode="json") if rec else {}
    eid = f"{iid}/cse_indicator/{yp_id}/{item_id}"
    edits = _diff(iid, "cse_indicator", eid, IndicatorRecord, current, changes,
                  f"indicator {item_id}")
    if rec is None:  # a new answer: write every field so the record is whole
        data = _validated(IndicatorRecord, changes, f"indicator {item_id}")
        edits = [Edit(iid, "cse_indicator", eid, f, v) for f, v in data.items()]
    return svc._write(iid, edits, fold=fold)


def update_record(svc: Service, iid: str, yp_id: str, *, fold: bool = False,
                  **changes: Any) -> list[Event]:
    """Change ``override_reason`` or ``risk_management_note`` (text, saved as typed).

    The classification itself goes through :func:`set_classification`.
    """
    allowed = {"override_reason", "risk_management_note"}
    bad = set(changes) - allowed
    if bad:
        raise Invalid(f"cse: cannot set {sorted(bad)[0]!r} here")
    doc = svc.load(iid)
    _young_person(doc, yp_id)
    current = doc.cse_record(yp_id).model_dump(mode="json")
    edits = _diff(iid, "cse", f"{iid}/cse/{yp_id}", CseRecord, current, changes, "cse")
    return svc._write(iid, edits, fold=fold)


def set_classification(svc: Service, iid: str, yp_id: str, classification: str | None,
                       override_reason: str | None = None) -> ClassificationAdvice:
    """Record the inspector's classification.

    Choosing below what the indicators suggest (above all "at heightened risk" where
    evidence of harm is recorded) needs a reason: without one this raises
    :class:`Invalid` with the explanation, and nothing is written.
    """
    doc = svc.load(iid)
    _young_person(doc, yp_id)
    rec = doc.cse_record(yp_id)
    changes: dict[str, Any] = {"classification": classification}
    if override_reason is not None:
        changes["override_reason"] = override_reason
    current = rec.model_dump(mode="json")
    edits = _diff(iid, "cse", f"{iid}/cse/{yp_id}", CseRecord, current, changes, "classification")
    proposed = rec.model_copy(update={"classification": classification,
                                      "override_reason": (override_reason
                                                          if override_reason is not None
                                                          else rec.override_reason)})
    types = indicator_types(svc)
    result = classification_rule(
        with_checklist_answers(proposed, checklist_answers(doc, yp_id, types)), types)
    if result.needs_reason:
        raise Invalid(f"classification: {result.explanation}")
    svc._write(iid, edits)
    return result


def _add_row(svc: Service, iid: str, yp_id: str, entity: str, values: dict[str, Any],
             check: Any = None) -> str:
    from .service import new_id

    key, model, label = _ROWS[entity]
    doc = svc.load(iid)
    _young_person(doc, yp_id)
    new = new_id()
    data = _validated(model, {"id": new, **values}, label)
    if check is not None:
        check(doc.cse_record(yp_id), model.model_validate(data))
    eid = f"{iid}/{entity}/{yp_id}/{new}"
    svc._write(iid, [Edit(iid, entity, eid, f, v) for f, v in data.items() if f != "id"])
    return new


def _update_row(svc: Service, iid: str, yp_id: str, entity: str, row_id: str, fold: bool,
                changes: dict[str, Any]) -> list[Event]:
    key, model, label = _ROWS[entity]
    doc = svc.load(iid)
    _young_person(doc, yp_id)
    rec = doc.cse_record(yp_id)
    rows = rec.perpetrators.perpetrators if entity == "cse_perpetrator" else getattr(rec, key)
    row = next((r for r in rows if r.id == row_id), None)
    if row is None:
        raise NotFound(f"no {label} with id {row_id!r}")
    edits = _diff(iid, entity, f"{iid}/{entity}/{yp_id}/{row_id}", model,
                  row.model_dump(mode="json"), changes, label)
    return svc._write(iid, edits, fold=fold)


def _remove_row(svc: Service, iid: str, yp_id: str, entity: str, row_id: str) -> None:
    _update_row(svc, iid, yp_id, entity, row_id, False, {})  # raises NotFound if absent
    svc._write(iid, [Edit(iid, entity, f"{iid}/{entity}/{yp_id}/{row_id}", "deleted", True)])


def add_missing_episode(svc: Service, iid: str, yp_id: str, **values: Any) -> str:
    return _add_row(svc, iid, yp_id, "cse_missing", values)


def update_missing_episode(svc: Service, iid: str, yp_id: str, episode_id: str, *,
                           fold: bool = False, **changes: Any) -> list[Event]:
    return _update_row(svc, iid, yp_id, "cse_missing", episode_id, fold, changes)


def remove_missing_episode(svc: Service, iid: str, yp_id: str, episode_id: str) -> None:
    _remove_row(svc, iid, yp_id, "cse_missing", episode_id)


def add_notification(svc: Service, iid: str, yp_id: str, **values: Any) -> str:
    return _add_row(svc, iid, yp_id, "cse_notification", values)


def update_notification(svc: Service, iid: str, yp_id: str, notification_id: str, *,
                        fold: bool = False, **changes: Any) -> list[Event]:
    return _update_row(svc, iid, yp_id, "cse_notification", notification_id, fold, changes)


def remove_notification(svc: Service, iid: str, yp_id: str, notification_id: str) -> None:
    _remove_row(svc, iid, yp_id, "cse_notification", notification_id)


# --- the core data set: suspected perpetrators ----------------------------------------------

def set_perpetrator_data(svc: Service, iid: str, yp_id: str, **changes: Any) -> list[Event]:
    """Set ``number`` (how many suspected perpetrators) and ``acting_with_others``."""
    bad = set(changes) - set(CORE_FIELDS)
    if bad:
        raise Invalid(f"perpetrators: unknown field {sorted(bad)[0]!r}")
    doc = svc.load(iid)
    _young_person(doc, yp_id)
    current = doc.cse_record(yp_id).perpetrators.model_dump(mode="json")
    edits = _diff(iid, "cse_core", f"{iid}/cse_core/{yp_id}", PerpetratorData, current, changes,
                  "perpetrators")
    return svc._write(iid, edits)


def _room_for_one_more(rec: CseRecord, _row: Any) -> None:
    data = rec.perpetrators
    if data.number is not None and len(data.perpetrators) >= data.number:
        raise Invalid(f"perpetrators: the number recorded is {data.number}; "
                      "raise it before describing another")


def add_perpetrator(svc: Service, iid: str, yp_id: str, **values: Any) -> str:
    return _add_row(svc, iid, yp_id, "cse_perpetrator", values, check=_room_for_one_more)


def update_perpetrator(svc: Service, iid: str, yp_id: str, perpetrator_id: str,
                       **changes: Any) -> list[Event]:
    return _update_row(svc, iid, yp_id, "cse_perpetrator", perpetrator_id, False, changes)


def remove_perpetrator(svc: Service, iid: str, yp_id: str, perpetrator_id: str) -> None:
    _remove_row(svc, iid, yp_id, "cse_perpetrator", perpetrator_id)
