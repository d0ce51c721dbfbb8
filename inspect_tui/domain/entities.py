"""The entity-id codec: how an inspection's parts are named in the event log.

Entity ids are paths below the inspection id (``<iid>/finding/<item id>``), so that two
devices editing the same item's finding edit the same field and a concurrent edit shows as
a conflict rather than two findings. The inspection itself is named by its id alone.

This lives in the domain, not the service, because the sync door checks incoming events
against the same grammar (and sync does not import the service).
"""

from __future__ import annotations

from dataclasses import dataclass

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
}
LIST_KINDS = ("premises", "young_person", "action")
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
