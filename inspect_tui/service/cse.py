"""CSE tracking through the service (``service.cse``): validated edits in, records out.

The records and rules are in :mod:`inspect_tui.domain.cse`; the event-log layout is in
:mod:`.documents`. Every write goes through the core's one write path.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..domain.cse.models import (
    CseRecord,
    IndicatorRecord,
    MissingEpisode,
    Notification,
    Perpetrator,
    PerpetratorData,
)
from ..domain.cse.rules import (
    ClassificationAdvice,
    classification_rule,
    indicator_types_from,
    with_checklist_answers,
)
from ..domain.entities import entity_id
from ..domain.models import InspectionDocument
from ..errors import Invalid, NotFound
from ..store import Edit, Event
from .core import ServiceCore, validated
from .documents import CSE_CORE_FIELDS, new_id

INDICATOR_CHECKLIST = "cse-indicators"
_ROWS: dict[str, tuple[str, type[BaseModel], str]] = {
    "cse_missing": ("missing_episodes", MissingEpisode, "missing episode"),
    "cse_notification": ("notifications", Notification, "notification"),
    "cse_perpetrator": ("perpetrators", Perpetrator, "perpetrator"),
}


def checklist_answers(doc: InspectionDocument, yp_id: str, types: dict[str, str]) -> list:
    """This young person's answers on the generic ``cse-indicators`` checklist."""
    return [c for c in doc.checks if c.subject == yp_id and c.item_id in types]


class CsePart:
    def __init__(self, core: ServiceCore):
        self.core = core

    # --- reading -----------------------------------------------------------------------
    def indicator_types(self) -> dict[str, str]:
        return indicator_types_from(self.core.catalogue.checklist(INDICATOR_CHECKLIST).items)

    def record(self, iid: str, yp_id: str) -> CseRecord:
        return self._doc(iid, yp_id).cse_record(yp_id)

    def advice(self, iid: str, yp_id: str) -> ClassificationAdvice:
        doc = self._doc(iid, yp_id)
        types = self.indicator_types()
        merged = with_checklist_answers(doc.cse_record(yp_id),
                                        checklist_answers(doc, yp_id, types))
        return classification_rule(merged, types)

    def _doc(self, iid: str, yp_id: str) -> InspectionDocument:
        doc = self.core.load(iid)
        if doc.young_person(yp_id) is None:
            raise NotFound(f"no young person with id {yp_id!r}")
        return doc

    # --- indicators and the record -----------------------------------------------------
    def set_indicator(self, iid: str, yp_id: str, item_id: str, *, fold: bool = False,
                      **changes: Any) -> list[Event]:
        """Answer one CSE indicator: ``answer``, ``noted_on`` (YYYY-MM-DD), ``source``."""
        items = self.core.catalogue.checklist(INDICATOR_CHECKLIST).items
        if item_id not in {i.id for i in items}:
            raise NotFound(f"no CSE indicator with id {item_id!r}")
        rec = self._doc(iid, yp_id).cse_record(yp_id).indicators.get(item_id)
        current = rec.model_dump(mode="json") if rec else {}
        eid = entity_id(iid, "cse_indicator", yp_id, item_id)
        label = f"indicator {item_id}"
        edits = self.core.changes(iid, "cse_indicator", eid, IndicatorRecord, current, changes,
                                  label)
        if rec is None:  # a new answer: write every field so the record is whole
            data = validated(IndicatorRecord, changes, label)
            edits = [Edit(iid, "cse_indicator", eid, f, v) for f, v in data.items()]
        return self.core.write(iid, edits, fold=fold)

    def update_record(self, iid: str, yp_id: str, *, fold: bool = False,
                      **changes: Any) -> list[Event]:
        """Change ``override_reason`` or ``risk_management_note`` (text, saved as typed).

        The classification itself goes through :meth:`set_classification`.
        """
        bad = set(changes) - {"override_reason", "risk_management_note"}
        if bad:
            raise Invalid(f"cse: cannot set {sorted(bad)[0]!r} here")
        current = self._doc(iid, yp_id).cse_record(yp_id).model_dump(mode="json")
        edits = self.core.changes(iid, "cse", entity_id(iid, "cse", yp_id), CseRecord,
                                  current, changes, "cse")
        return self.core.write(iid, edits, fold=fold)

    def set_classification(self, iid: str, yp_id: str, classification: str | None,
                           override_reason: str | None = None) -> ClassificationAdvice:
        """Record the inspector's classification.

        Choosing below what the indicators suggest (above all "at heightened risk" where
        evidence of harm is recorded) needs a reason: without one this raises
        :class:`Invalid` with the explanation, and nothing is written.
        """
        doc = self._doc(iid, yp_id)
        rec = doc.cse_record(yp_id)
        changes: dict[str, Any] = {"classification": classification}
        if override_reason is not None:
            changes["override_reason"] = override_reason
        edits = self.core.changes(iid, "cse", entity_id(iid, "cse", yp_id), CseRecord,
                                  rec.model_dump(mode="json"), changes, "classification")
        proposed = rec.model_copy(update={"classification": classification,
                                          "override_reason": (override_reason
                                                              if override_reason is not None
                                                              else rec.override_reason)})
        types = self.indicator_types()
        result = classification_rule(
            with_checklist_answers(proposed, checklist_answers(doc, yp_id, types)), types)
        if result.needs_reason:
            raise Invalid(f"classification: {result.explanation}")
        self.core.write(iid, edits)
        return result

    # --- rows: missing episodes, notifications, perpetrators ----------------------------
    def _add_row(self, iid: str, yp_id: str, entity: str, values: dict[str, Any],
                 check: Any = None) -> str:
        _, model, label = _ROWS[entity]
        doc = self._doc(iid, yp_id)
        new = new_id()
        data = validated(model, {"id": new, **values}, label)
        if check is not None:
            check(doc.cse_record(yp_id), model.model_validate(data))
        eid = entity_id(iid, entity, yp_id, new)
        self.core.write(iid, [Edit(iid, entity, eid, f, v) for f, v in data.items()
                              if f != "id"])
        return new

    def _update_row(self, iid: str, yp_id: str, entity: str, row_id: str, fold: bool,
                    changes: dict[str, Any]) -> list[Event]:
        key, model, label = _ROWS[entity]
        rec = self._doc(iid, yp_id).cse_record(yp_id)
        rows = (rec.perpetrators.perpetrators if entity == "cse_perpetrator"
                else getattr(rec, key))
        row = next((r for r in rows if r.id == row_id), None)
        if row is None:
            raise NotFound(f"no {label} with id {row_id!r}")
        edits = self.core.changes(iid, entity, entity_id(iid, entity, yp_id, row_id), model,
                                  row.model_dump(mode="json"), changes, label)
        return self.core.write(iid, edits, fold=fold)

    def _remove_row(self, iid: str, yp_id: str, entity: str, row_id: str) -> None:
        self._update_row(iid, yp_id, entity, row_id, False, {})  # NotFound if absent
        self.core.write(iid, [Edit(iid, entity, entity_id(iid, entity, yp_id, row_id),
                                   "deleted", True)])

    def add_missing_episode(self, iid: str, yp_id: str, **values: Any) -> str:
        return self._add_row(iid, yp_id, "cse_missing", values)

    def update_missing_episode(self, iid: str, yp_id: str, episode_id: str, *,
                               fold: bool = False, **changes: Any) -> list[Event]:
        return self._update_row(iid, yp_id, "cse_missing", episode_id, fold, changes)

    def remove_missing_episode(self, iid: str, yp_id: str, episode_id: str) -> None:
        self._remove_row(iid, yp_id, "cse_missing", episode_id)

    def add_notification(self, iid: str, yp_id: str, **values: Any) -> str:
        return self._add_row(iid, yp_id, "cse_notification", values)

    def update_notification(self, iid: str, yp_id: str, notification_id: str, *,
                            fold: bool = False, **changes: Any) -> list[Event]:
        return self._update_row(iid, yp_id, "cse_notification", notification_id, fold,
                                changes)

    def remove_notification(self, iid: str, yp_id: str, notification_id: str) -> None:
        self._remove_row(iid, yp_id, "cse_notification", notification_id)

    # --- the core data set: suspected perpetrators --------------------------------------
    def set_perpetrator_data(self, iid: str, yp_id: str, **changes: Any) -> list[Event]:
        """Set ``number`` (how many suspected perpetrators) and ``acting_with_others``."""
        bad = set(changes) - set(CSE_CORE_FIELDS)
        if bad:
            raise Invalid(f"perpetrators: unknown field {sorted(bad)[0]!r}")
        current = self._doc(iid, yp_id).cse_record(yp_id).perpetrators.model_dump(mode="json")
        edits = self.core.changes(iid, "cse_core", entity_id(iid, "cse_core", yp_id),
                                  PerpetratorData, current, changes, "perpetrators")
        return self.core.write(iid, edits)

    def add_perpetrator(self, iid: str, yp_id: str, **values: Any) -> str:
        return self._add_row(iid, yp_id, "cse_perpetrator", values, check=_room_for_one_more)

    def update_perpetrator(self, iid: str, yp_id: str, perpetrator_id: str,
                           **changes: Any) -> list[Event]:
        return self._update_row(iid, yp_id, "cse_perpetrator", perpetrator_id, False, changes)

    def remove_perpetrator(self, iid: str, yp_id: str, perpetrator_id: str) -> None:
        self._remove_row(iid, yp_id, "cse_perpetrator", perpetrator_id)


def _room_for_one_more(rec: CseRecord, _row: Any) -> None:
    data = rec.perpetrators
    if data.number is not None and len(data.perpetrators) >= data.number:
        raise Invalid(f"perpetrators: the number recorded is {data.number}; "
                      "raise it before describing another")
