"""The inspection itself: creating it, findings and checklists, premises, young people,
requirements and recommendations, the outcome, conflicts, and export and import."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..domain import review
from ..domain.actions import action_refusal, parse_due_date
from ..domain.cse.checks import INDICATOR_ELSEWHERE, indicator_types
from ..domain.entities import entity_id, field_adapter
from ..domain.models import STORED, Action, CheckResult, Finding, InspectionDocument, Provider
from ..domain.problems import Problem
from ..domain.time import today as england_today
from ..errors import Invalid, NotFound, describe_validation, field_errors
from ..store import Edit, Event
from .core import ServiceCore, validated
from .documents import (
    INSPECTION_FIELDS,
    INSPECTION_PARTS,
    LIST_ENTITIES,
    as_json,
    document_edits,
    new_id,
    part_edits,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Conflict:
    entity: str
    entity_id: str
    field: str
    values: list[Event]


class InspectionsPart(ServiceCore):
    # --- the inspection ----------------------------------------------------------------
    def create_inspection(self, *, provider: Provider | dict, type: str, start_date: date | str,  # noqa: A002
                          end_date: date | str, lead_inspector: str,
                          team: Iterable[str] = (), premises: Iterable[dict] = (),
                          previous_inspection: dict | None = None,
                          enforcement: dict | None = None, check_only: bool = False) -> str:
        """``check_only``: validate and write nothing (a form that found an error of its
        own still shows every other one). ``provider`` carries the setting details too
        (``registered_manager``, ``responsible_individual``, ``service``, ``address``);
        ``previous_inspection`` (``none``, ``date``, ``outcome``) and ``enforcement``
        (``none``, ``actions``) may be given now or later with :meth:`update_inspection`."""
        iid = new_id()
        try:
            doc = InspectionDocument(
                id=iid, content_edition=self.catalogue.edition_id, type=type,
                start_date=start_date, end_date=end_date, lead_inspector=lead_inspector,
                team=list(team), provider=provider,
                previous_inspection=previous_inspection or {},
                enforcement=enforcement or {},
                premises=[{"id": new_id(), **p} for p in premises])
        except ValidationError as exc:
            raise Invalid(describe_validation(exc, "inspection: "),
                          field_errors(exc)) from None
        if check_only:
            return ""
        self.store.record(document_edits(doc), self.author())
        return iid

    def update_inspection(self, iid: str, *, fold: bool = False, **changes: Any
                          ) -> list[Event]:
        """Change inspection fields; ``provider``, ``previous_inspection`` and
        ``enforcement`` take a dict of the fields to change. The whole document is
        validated first; only what changed is written. ``fold``: typing (see
        :meth:`ServiceCore.write`)."""
        doc = self.load(iid)
        current = as_json(doc)
        parts = {k: changes.pop(k) or {} for k in ("provider", *INSPECTION_PARTS)
                 if k in changes}
        unknown = set(changes) - set(INSPECTION_FIELDS)
        unknown |= {f"{k}.{f}" for k, v in parts.items() for f in v
                    if f not in current[k]}
        if unknown:
            raise Invalid(f"inspection: unknown field {sorted(unknown)[0]!r}")
        try:
            merged = InspectionDocument.model_validate(
                {**current, **changes, **{k: {**current[k], **v} for k, v in parts.items()}})
        except ValidationError as exc:
            raise Invalid(describe_validation(exc, "inspection: ")) from None
        data = as_json(merged)
        edits = [Edit(iid, "inspection", iid, f, data[f]) for f in changes
                 if data[f] != current[f]]
        provider = entity_id(iid, "provider")
        edits += [Edit(iid, "provider", provider, f, data["provider"][f])
                  for f in parts.get("provider", {})
                  if data["provider"][f] != current["provider"][f]]
        edits += part_edits(iid, data, current)
        return self.write(iid, edits, fold=fold)

    def archive(self, iid: str, archived: bool = True) -> None:
        self.load(iid)
        # Not through write(): archiving files an inspection away and changes nothing in
        # it, so it is open to an approved inspection (the usual case) as to a draft.
        self.store.record([Edit(iid, "inspection", iid, "archived", archived)], self.author())

    # --- findings and checklists -------------------------------------------------------
    def set_finding(self, iid: str, item_id: str, *, fold: bool = False, **changes: Any
                    ) -> list[Event]:
        if not self.catalogue.has_item(item_id):
            raise NotFound(f"no standards item with id {item_id!r}")
        self.require(iid)
        eid = entity_id(iid, "finding", item_id)
        current = {"item_id": item_id, **self.store.fields(eid)}
        edits = self.changes(iid, "finding", eid, Finding, current, changes,
                             f"finding {item_id}")
        return self.write(iid, edits, fold=fold)

    def set_check(self, iid: str, item_id: str, subject: str = "", *, fold: bool = False,
                  **changes: Any) -> list[Event]:
        self.catalogue.checklist_item(item_id)
        if item_id in indicator_types(self.catalogue):
            raise Invalid(f"checklist {item_id}: {INDICATOR_ELSEWHERE}")
        self.require(iid)
        eid = entity_id(iid, "check", item_id, subject)
        current = {"item_id": item_id, "subject": subject, **self.store.fields(eid)}
        edits = self.changes(iid, "check", eid, CheckResult, current, changes,
                             f"checklist {item_id}", keys=("item_id", "subject"))
        return self.write(iid, edits, fold=fold)

    # --- premises, young people, actions ------------------------------------------------
    def add(self, iid: str, kind: str, /, *, today: date | None = None, **values: Any) -> str:
        """``today``: the date a requirement's due date may not be before (England's)."""
        # kind is positional-only: an action's own ``kind`` field arrives in **values.
        model = LIST_ENTITIES[kind]
        self.load(iid)
        new = new_id()
        values = _due_date_parsed(kind, values)
        data = validated(model, {"id": new, **values}, kind.replace("_", " "))
        self._check_unique_code(iid, kind, data, new)
        if kind == "action":
            self._check_action(Action.model_validate(data), today)
        eid = entity_id(iid, kind, new)
        self.write(iid, [Edit(iid, kind, eid, f, v) for f, v in data.items() if f != "id"])
        return new

    def update(self, iid: str, kind: str, row_id: str, /, *, fold: bool = False,
               today: date | None = None, **changes: Any) -> list[Event]:
        model = LIST_ENTITIES[kind]
        changes = _due_date_parsed(kind, changes)
        eid = entity_id(iid, kind, row_id)
        stored = self.store.fields(eid)
        if not stored or stored.get("deleted"):
            raise NotFound(f"no {kind.replace('_', ' ')} with id {row_id!r}")
        stored.pop("deleted", None)
        current = {"id": row_id, **stored}
        edits = self.changes(iid, kind, eid, model, current, changes, kind.replace("_", " "))
        if "case_code" in changes:
            self._check_unique_code(iid, kind, {**current, **changes}, row_id)
        if kind == "action":
            self._check_action(Action.model_validate({**current, **changes}), today,
                               Action.model_validate(current, context=STORED))
        return self.write(iid, edits, fold=fold)

    def remove(self, iid: str, kind: str, row_id: str) -> None:
        self.write(iid, [Edit(iid, kind, entity_id(iid, kind, row_id), "deleted", True)])

    def _check_unique_code(self, iid: str, kind: str, data: dict, row_id: str) -> None:
        if kind != "young_person":
            return
        for other in self.load(iid).young_people:
            if other.id != row_id and other.case_code == data.get("case_code"):
                raise Invalid(f"young person: case code {other.case_code!r} is already used")

    def add_requirement(self, iid: str, regulation: str, text: str, due_date: date | str,
                        today: date | None = None) -> str:
        return self.add(iid, "action", kind="requirement", regulation=regulation, text=text,
                        due_date=due_date, today=today)

    def add_recommendation(self, iid: str, regulation: str, text: str,
                           guide_ref: str = "") -> str:
        return self.add(iid, "action", kind="recommendation", regulation=regulation, text=text,
                        guide_ref=guide_ref)

    def _check_action(self, action: Action, today: date | None,
                      previous: Action | None = None) -> None:
        """The rules of :mod:`inspect_tui.domain.actions`, whichever door the change uses."""
        refusal = action_refusal(action, self.catalogue.known_ids(),
                                 today or england_today(), previous)
        if refusal:
            raise Invalid(refusal)

    # --- outcome -----------------------------------------------------------------------
    def set_outcome(self, iid: str, judgement: str | None) -> None:
        if judgement is not None:
            try:
                self.catalogue.outcome(judgement)
            except KeyError as exc:
                raise Invalid(f"outcome: {exc.args[0]}") from None
        self.load(iid)
        self.write(iid, [Edit(iid, "outcome", entity_id(iid, "outcome"), "judgement",
                              judgement)])

    def set_rationale(self, iid: str, theme: str, text: str, fold: bool = False) -> list[Event]:
        if theme not in {t.id for t in self.catalogue.themes.themes}:
            raise Invalid(f"rationale: no evaluation theme {theme!r}")
        self.load(iid)
        return self.write(iid, [Edit(iid, "outcome", entity_id(iid, "outcome"),
                                     f"rationale.{theme}", text)], fold=fold)

    # --- conflicts and history ---------------------------------------------------------
    def conflicts(self, iid: str) -> list[Conflict]:
        return [Conflict(*c) for c in self.store.conflicts(iid)]

    def resolve_conflict(self, iid: str, eid: str, field: str, value: Any) -> None:
        heads = self.store.heads(eid, field)
        if len(heads) < 2:
            raise NotFound(f"no open conflict on {eid} {field}")
        entity = heads[0].entity
        adapter = field_adapter(entity, field)
        if adapter is None:
            raise Invalid(f"{entity} {field}: not a field that can be resolved")
        try:
            value = adapter.dump_python(adapter.validate_python(value), mode="json")
        except ValidationError as exc:
            raise Invalid(describe_validation(exc, f"{entity} {field}: ")) from None
        # Through the one write path: a resolution is an edit like any other, refused
        # while the inspection is submitted or approved. It replaces every current head,
        # which is what resolving means.
        self.write(iid, [Edit(iid, entity, eid, field, value)])

    def history(self, iid: str) -> list[Event]:
        return list(self.store.events(iid))

    # --- checks and progress -----------------------------------------------------------
    def check(self, doc: InspectionDocument) -> list[Problem]:
        return review.review_problems(doc, self.catalogue)

    def progress(self, doc: InspectionDocument) -> int:
        return review.progress(doc, self.catalogue)

    # --- export and import -------------------------------------------------------------
    def export_document(self, iid: str) -> dict[str, Any]:
        log.info("inspection %s exported as a JSON document", iid)
        return as_json(self.load(iid))

    def import_document(self, data: Any) -> str:
        """Validate the whole document first; write nothing unless all of it is good."""
        try:
            doc = InspectionDocument.model_validate(data)
        except ValidationError as exc:
            raise Invalid(describe_validation(exc)) from None
        known = self.catalogue.known_ids()
        for finding in doc.findings:
            if finding.item_id not in known:
                raise Invalid(f"findings: unknown standards item {finding.item_id!r}")
        for action in doc.actions:
            # The rules every door applies; an old inspection keeps its past due dates.
            refusal = action_refusal(action, known, today=None)
            if refusal:
                raise Invalid(f"actions: {refusal}")
        if doc.outcome.judgement is not None:
            try:
                self.catalogue.outcome(doc.outcome.judgement)
            except KeyError as exc:
                raise Invalid(f"outcome: {exc.args[0]}") from None
        for record in doc.cse:
            for item_id in record.indicators:
                if item_id not in known:
                    raise Invalid(f"cse: unknown CSE indicator {item_id!r}")
        if self.exists(doc.id):
            raise Invalid(f"inspection {doc.id} is already in this database")
        self.store.record(document_edits(doc), self.author())
        return doc.id


def _due_date_parsed(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """An action's due date read as the domain reads one, so a bad date is worded the
    same whichever door it comes through."""
    if kind != "action" or "due_date" not in values:
        return values
    try:
        return {**values, "due_date": parse_due_date(values["due_date"])}
    except ValueError as exc:
        raise Invalid(str(exc)) from None
