"""The entity-id codec: how an inspection's parts are named in the event log.

Entity ids are paths below the inspection id (``<iid>/finding/<item id>``), so that two
devices editing the same item's finding edit the same field and a concurrent edit shows as
a conflict rather than two findings. The inspection itself is named by its id alone.

This lives in the domain, not the service, because the sync door checks incoming events
against the same grammar (and sync does not import the service).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter

# Entity kind -> how many path parts follow ``<iid>/<kind>`` (the inspection: none at all).
ENTITY_PARTS: dict[str, int] = {
    "inspection": 0,
    "provider": 0,
    "outcome": 0,
    "review": 1,
    "premises": 1,
    "young_person": 1,
    "action": 1,
    "finding": 1,
    "check": 2,            # item id, subject (premises or young person id; may be empty)
    "cse": 1,              # young person id
    "cse_indicator": 2,    # young person id, indicator item id
    "cse_missing": 2,      # young person id, episode id
    "cse_notification": 2,  # young person id, notification id
    "cse_core": 1,         # young person id
    "cse_perpetrator": 2,  # young person id, perpetrator id
    "redaction": 1,        # redaction id (domain/redaction.py)
}
LIST_KINDS = ("premises", "young_person", "action")
# Parts of the inspection document stored one field each on the inspection entity.
INSPECTION_PARTS = ("previous_inspection", "enforcement")
CSE_KINDS = ("cse", "cse_indicator", "cse_missing", "cse_notification", "cse_core",
             "cse_perpetrator")


class BadEntityId(ValueError):
    """An entity id that does not follow the grammar for its kind."""


@dataclass(frozen=True, slots=True)
class EntityRef:
    inspection_id: str
    entity: str
    parts: tuple[str, ...]

    @property
    def id(self) -> str:
        return entity_id(self.inspection_id, self.entity, *self.parts)


def entity_id(iid: str, entity: str, *parts: str) -> str:
    """The entity id of ``entity`` in inspection ``iid`` (``parts`` as the kind needs)."""
    if entity not in ENTITY_PARTS:
        raise BadEntityId(f"unknown entity kind {entity!r}")
    if len(parts) != ENTITY_PARTS[entity]:
        raise BadEntityId(f"{entity}: expected {ENTITY_PARTS[entity]} id part(s), "
                          f"got {len(parts)}")
    if entity == "inspection":
        return iid
    return "/".join((iid, entity, *parts))


def parse_entity_id(iid: str, entity: str, value: str) -> EntityRef:
    """Check that ``value`` names an ``entity`` of inspection ``iid``; return its parts."""
    if entity not in ENTITY_PARTS:
        raise BadEntityId(f"unknown entity kind {entity!r}")
    if entity == "inspection":
        if value != iid:
            raise BadEntityId("an inspection's entity id is the inspection id")
        return EntityRef(iid, entity, ())
    prefix = f"{iid}/{entity}"
    want = ENTITY_PARTS[entity]
    if want == 0:
        if value != prefix:
            raise BadEntityId(f"{entity}: expected {prefix!r}")
        return EntityRef(iid, entity, ())
    if not value.startswith(prefix + "/"):
        raise BadEntityId(f"{entity}: the entity id does not start with {prefix + '/'!r}")
    parts = tuple(value[len(prefix) + 1:].split("/"))
    if len(parts) != want:
        raise BadEntityId(f"{entity}: expected {want} id part(s) after {prefix!r}")
    # Only a checklist answer about the inspection as a whole has an empty part.
    if any(not p for p in parts) and not (entity == "check" and parts[0] and parts[1] == ""):
        raise BadEntityId(f"{entity}: an empty id part")
    return EntityRef(iid, entity, parts)


def tail(iid: str, value: str) -> tuple[str, ...]:
    """The parts of an entity id after ``<iid>/<kind>`` (no checking: for the read model)."""
    return tuple(value[len(iid) + 1:].split("/")[1:])


# --- the fields of each entity kind, and the model of each value ---------------------------
#
# The event log stores one event per field. Each field's value is checked by the same
# pydantic field (type and constraints) the service validates edits with, so what the hub
# accepts is exactly what the service could have written. Rows of a list (premises, young
# people, actions, CSE rows) also carry ``deleted``. Cross-field rules (end after start,
# unique case codes) are the read model's to survive: concurrent edits can break them.

def _fields_of(model: type[BaseModel], *, skip: tuple[str, ...] = ("id",),
               deletable: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        out[name] = Annotated[(info.annotation, *info.metadata)] if info.metadata \
            else info.annotation
    if deletable:
        out["deleted"] = bool
    return out


def _entity_fields() -> dict[str, dict[str, Any]]:
    from .cse.models import (
        CseRecord,
        IndicatorRecord,
        MissingEpisode,
        Notification,
        Perpetrator,
        PerpetratorData,
    )
    from .models import (
        Action,
        CheckResult,
        Finding,
        InspectionDocument,
        Outcome,
        Premises,
        Provider,
        ReviewEntry,
        YoungPerson,
    )
    from .redaction import Redaction

    inspection = _fields_of(InspectionDocument, skip=())
    inspection_fields = {k: inspection[k] for k in ("content_edition", "type", "start_date",
                                                    "end_date", "lead_inspector", "team",
                                                    "reviewers", "archived")}
    # Parts stored one field each on the inspection (``previous_inspection.date``).
    for part in INSPECTION_PARTS:
        part_model = InspectionDocument.model_fields[part].annotation
        for name, kind in _fields_of(part_model, skip=()).items():
            inspection_fields[f"{part}.{name}"] = kind
    outcome = _fields_of(Outcome, skip=("rationale",))
    return {
        "inspection": inspection_fields,
        "provider": _fields_of(Provider, skip=()),
        "outcome": outcome,
        "review": {"entry": ReviewEntry},
        "premises": _fields_of(Premises, deletable=True),
        "young_person": _fields_of(YoungPerson, deletable=True),
        "action": _fields_of(Action, deletable=True),
        "finding": _fields_of(Finding, skip=("item_id",)),
        "check": _fields_of(CheckResult, skip=("item_id", "subject")),
        "cse": {k: v for k, v in _fields_of(CseRecord, skip=()).items()
                if k in ("classification", "override_reason", "risk_management_note")},
        "cse_indicator": _fields_of(IndicatorRecord, skip=()),
        "cse_missing": _fields_of(MissingEpisode, deletable=True),
        "cse_notification": _fields_of(Notification, deletable=True),
        "cse_core": {k: v for k, v in _fields_of(PerpetratorData, skip=()).items()
                     if k in ("number", "acting_with_others")},
        "cse_perpetrator": _fields_of(Perpetrator, deletable=True),
        "redaction": {"entry": Redaction},
    }


RATIONALE_PREFIX = "rationale."  # outcome fields ``rationale.<theme id>``: text


@cache
def entity_fields() -> dict[str, dict[str, Any]]:
    """Entity kind -> field name -> the type its value is validated as."""
    fields = _entity_fields()
    assert set(fields) == set(ENTITY_PARTS)
    return fields


def field_type(entity: str, field: str) -> Any | None:
    """The type of ``field`` of an ``entity`` kind, or None if there is no such field."""
    kinds = entity_fields().get(entity)
    if kinds is None:
        return None
    if entity == "outcome" and field.startswith(RATIONALE_PREFIX) and len(field) > 10:
        return str
    return kinds.get(field)


@cache
def field_adapter(entity: str, field: str) -> TypeAdapter | None:
    """A cached validator for one field's JSON value (None for an unknown field)."""
    kind = field_type(entity, field)
    return None if kind is None else TypeAdapter(kind)
