"""The one API that the TUI, the CLI, the PDF renderer and sync call.

It turns user intentions (set a finding, add a young person, approve) into validated edits
on the event log, and the materialised state back into an :class:`InspectionDocument`.

Entity ids are paths below the inspection id (``<iid>/finding/<item>``) so that two
devices editing the same item's finding edit the same field, and a concurrent edit shows
as a conflict rather than two findings.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .catalogue import Catalogue, default_catalogue
from .cse_service import check_import as _cse_check_import
from .cse_service import cse_document_edits, cse_records
from .domain import checks
from .domain.models import (
    Action,
    CheckResult,
    Finding,
    InspectionDocument,
    Premises,
    Provider,
    ReviewEntry,
    YoungPerson,
)
from .errors import Forbidden, Invalid, NotFound, describe_validation
from .home_index import InspectionSummary, Profile, read_profile
from .store import Edit, Event, EventStore, FieldValue

INSPECTION_FIELDS = ("content_edition", "type", "start_date", "end_date", "lead_inspector",
                     "team", "archived")
LIST_ENTITIES = {"premises": Premises, "young_person": YoungPerson, "action": Action}
ROLES = ("inspector", "manager")


def new_id() -> str:
    return secrets.token_hex(6)


@dataclass(frozen=True)
class Conflict:
    entity: str
    entity_id: str
    field: str
    values: list[Event]


def _json(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


class Service:
    def __init__(self, db_path: Path | str, catalogue: Catalogue | None = None, *,
                 store: EventStore | None = None):
        """``store``: an already open store of ``db_path`` (the UI opens it first, for
        its light first paint, and hands it over)."""
        self.store = store if store is not None else EventStore(db_path)
        self._catalogue = catalogue

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = default_catalogue()
        return self._catalogue

    def close(self) -> None:
        self.store.close()

    # --- profile -----------------------------------------------------------------------
    def profile(self) -> Profile | None:
        return read_profile(self.store)

    def set_profile(self, name: str, role: str) -> Profile:
        name = name.strip()
        if not name:
            raise Invalid("profile name: give the name reports should show")
        if role not in ROLES:
            raise Invalid(f"profile role: {role!r} is not one of {', '.join(ROLES)}")
        self.store.set_meta("profile_name", name)
        self.store.set_meta("profile_role", role)
        return Profile(name, role, self.store.device)

    def _author(self) -> str:
        profile = self.profile()
        return profile.name if profile else "inspector"

    # --- writing -----------------------------------------------------------------------
    def _write(self, iid: str, edits: list[Edit], fold: bool = False) -> list[Event]:
        """Write edits; an edit to an approved inspection first reopens it as a draft."""
        if not edits:
            return []
        if not all(e.entity == "review" for e in edits):
            doc_status = self._status(iid)
            if doc_status == "approved":
                edits = [self._review_edit(iid, "reopen", "edited after approval")] + edits
        return self.store.record(edits, self._author(), fold=fold)

    def _review_edit(self, iid: str, action: str, comment: str = "") -> Edit:
        profile = self.profile()
        entry = ReviewEntry(action=action, by=profile.name if profile else "inspector",
                            role=profile.role if profile else "inspector",
                            # Microseconds: status is derived from entries in time order.
                            at=datetime.now(UTC).isoformat(timespec="microseconds"),
                            comment=comment)
        return Edit(iid, "review", f"{iid}/review/{new_id()}", "entry", _json(entry))

    def _changes(self, iid: str, entity: str, entity_id: str, model: type[BaseModel],
                 current: dict[str, Any], changes: dict[str, Any], label: str) -> list[Edit]:
        """Validate ``current`` with ``changes`` applied; return edits for what changed."""
        unknown = set(changes) - set(model.model_fields)
        if unknown:
            raise Invalid(f"{label}: unknown field {sorted(unknown)[0]!r}")
        try:
            merged = model.model_validate({**current, **changes})
        except ValidationError as exc:
            raise Invalid(describe_validation(exc, f"{label}: ")) from None
        data = _json(merged)
        return [Edit(iid, entity, entity_id, name, data[name]) for name in changes
                if name not in ("id", "item_id") and data[name] != current.get(name)]

    # --- inspections -------------------------------------------------------------------
    def create_inspection(self, *, provider: Provider | dict, type: str, start_date: date | str,  # noqa: A002
                          end_date: date | str, lead_inspector: str,
                          team: Iterable[str] = (), premises: Iterable[dict] = ()) -> str:
        iid = new_id()
        try:
            doc = InspectionDocument(
                id=iid, content_edition=self.catalogue.edition_id, type=type,
                start_date=start_date, end_date=end_date, lead_inspector=lead_inspector,
                team=list(team), provider=provider,
                premises=[{"id": new_id(), **p} for p in premises])
        except ValidationError as exc:
            raise Invalid(describe_validation(exc, "inspection: ")) from None
        self.store.record(self._document_edits(doc), self._author())
        return iid

    def _document_edits(self, doc: InspectionDocument) -> list[Edit]:
        iid = doc.id
        data = _json(doc)
        edits = [Edit(iid, "inspection", iid, f, data[f]) for f in INSPECTION_FIELDS]
        edits += [Edit(iid, "provider", f"{iid}/provider", f, v)
                  for f, v in data["provider"].items()]
        for kind, key in (("premises", "premises"), ("young_person", "young_people"),
                          ("action", "actions")):
            for row in data[key]:
                eid = f"{iid}/{kind}/{row['id']}"
                edits += [Edit(iid, kind, eid, f, v) for f, v in row.items() if f != "id"]
        for row in data["findings"]:
            eid = f"{iid}/finding/{row['item_id']}"
            edits += [Edit(iid, "finding", eid, f, v) for f, v in row.items() if f != "item_id"]
        for row in data["checks"]:
            eid = f"{iid}/check/{row['item_id']}/{row['subject']}"
            edits += [Edit(iid, "check", eid, f, v) for f, v in row.items()
                      if f not in ("item_id", "subject")]
        outcome = data["outcome"]
        edits.append(Edit(iid, "outcome", f"{iid}/outcome", "judgement", outcome["judgement"]))
        edits += [Edit(iid, "outcome", f"{iid}/outcome", f"rationale.{theme}", text)
                  for theme, text in outcome["rationale"].items()]
        for index, entry in enumerate(data["review"]):
            edits.append(Edit(iid, "review", f"{iid}/review/{index:04d}-{new_id()}", "entry",
                              entry))
        edits += cse_document_edits(iid, data["cse"])
        return edits

    def inspection_ids(self) -> list[str]:
        return self.store.inspection_ids()

    def exists(self, iid: str) -> bool:
        return iid in self.store.inspection_ids()

    def load(self, iid: str) -> InspectionDocument:
        fields = self.store.state(iid)
        if not any(f.entity == "inspection" for f in fields):
            raise NotFound(f"no inspection with id {iid!r} in this database")
        return build_document(iid, fields)

    def resolve_id(self, prefix: str) -> str:
        """Accept a unique prefix of an inspection id, as git does for commits."""
        ids = self.inspection_ids()
        if prefix in ids:
            return prefix
        matches = [i for i in ids if i.startswith(prefix)] if prefix else []
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise NotFound(f"inspection id {prefix!r} is ambiguous ({len(matches)} match)")
        raise NotFound(f"no inspection with id {prefix!r} in this database")

    def _status(self, iid: str) -> str:
        return derive_status(f.value for f in self.store.entity_values(iid, "review"))

    def _require(self, iid: str) -> None:
        """Cheap existence check for the edit path (a full load is too slow per keystroke)."""
        if not self.store.fields(iid):
            raise NotFound(f"no inspection with id {iid!r} in this database")

    def summaries(self, include_archived: bool = True) -> list[InspectionSummary]:
        result = []
        for iid in self.inspection_ids():
            doc = self.load(iid)
            if doc.archived and not include_archived:
                continue
            result.append(InspectionSummary(
                id=iid, provider=doc.provider.name, urn=doc.provider.urn, type=doc.type,
                start_date=doc.start_date.isoformat(), end_date=doc.end_date.isoformat(),
                status=doc.status, archived=doc.archived, progress=self.progress(doc),
                problems=len(self.check(doc)), conflicts=len(self.conflicts(iid))))
        result.sort(key=lambda s: (s.archived, s.start_date), reverse=False)
        return result

    def update_inspection(self, iid: str, **changes: Any) -> None:
        doc = self.load(iid)
        provider_changes = changes.pop("provider", None) or {}
        current = _json(doc)
        try:
            merged = InspectionDocument.model_validate(
                {**current, **changes, "provider": {**current["provider"], **provider_changes}})
        except ValidationError as exc:
            raise Invalid(describe_validation(exc, "inspection: ")) from None
        data = _json(merged)
        edits = [Edit(iid, "inspection", iid, f, data[f]) for f in changes
                 if f in INSPECTION_FIELDS and data[f] != current[f]]
        edits += [Edit(iid, "provider", f"{iid}/provider", f, data["provider"][f])
                  for f in provider_changes if data["provider"][f] != current["provider"][f]]
        self._write(iid, edits)

    def archive(self, iid: str, archived: bool = True) -> None:
        self.load(iid)
        self.store.record([Edit(iid, "inspection", iid, "archived", archived)], self._author())

    # --- findings and checklists -------------------------------------------------------
    def set_finding(self, iid: str, item_id: str, *, fold: bool = False, **changes: Any
                    ) -> list[Event]:
        if not self.catalogue.has_item(item_id):
            raise NotFound(f"no standards item with id {item_id!r}")
        self._require(iid)
        eid = f"{iid}/finding/{item_id}"
        current = {"item_id": item_id, **self.store.fields(eid)}
        edits = self._changes(iid, "finding", eid, Finding, current, changes,
                              f"finding {item_id}")
        return self._write(iid, edits, fold=fold)

    def set_check(self, iid: str, item_id: str, subject: str = "", *, fold: bool = False,
                  **changes: Any) -> list[Event]:
        self.catalogue.checklist_item(item_id)
        self._require(iid)
        eid = f"{iid}/check/{item_id}/{subject}"
        current = {"item_id": item_id, "subject": subject, **self.store.fields(eid)}
        edits = self._changes(iid, "check", eid, CheckResult, current, changes,
                              f"checklist {item_id}")
        return self._write(iid, edits, fold=fold)

    # --- premises, young people, actions ------------------------------------------------
    def add(self, iid: str, kind: str, /, **values: Any) -> str:
        # kind is positional-only: an action's own ``kind`` field arrives in **values.
        model = LIST_ENTITIES[kind]
        self.load(iid)
        new = new_id()
        try:
            data = _json(model.model_validate({"id": new, **values}))
        except ValidationError as exc:
            raise Invalid(describe_validation(exc, f"{kind.replace('_', ' ')}: ")) from None
        self._check_unique_code(iid, kind, data, new)
        eid = f"{iid}/{kind}/{new}"
        self._write(iid, [Edit(iid, kind, eid, f, v) for f, v in data.items() if f != "id"])
        return new

    def update(self, iid: str, kind: str, entity_id: str, /, *, fold: bool = False,
               **changes: Any) -> list[Event]:
        model = LIST_ENTITIES[kind]
        eid = f"{iid}/{kind}/{entity_id}"
        stored = self.store.fields(eid)
        if not stored or stored.get("deleted"):
            raise NotFound(f"no {kind.replace('_', ' ')} with id {entity_id!r}")
        stored.pop("deleted", None)
        current = {"id": entity_id, **stored}
        edits = self._changes(iid, kind, eid, model, current, changes, kind.replace("_", " "))
        if "case_code" in changes:
            self._check_unique_code(iid, kind, {**current, **changes}, entity_id)
        return self._write(iid, edits, fold=fold)

    def remove(self, iid: str, kind: str, entity_id: str) -> None:
        self._write(iid, [Edit(iid, kind, f"{iid}/{kind}/{entity_id}", "deleted", True)])

    def _check_unique_code(self, iid: str, kind: str, data: dict, entity_id: str) -> None:
        if kind != "young_person":
            return
        for other in self.load(iid).young_people:
            if other.id != entity_id and other.case_code == data.get("case_code"):
                raise Invalid(f"young person: case code {other.case_code!r} is already used")

    def add_requirement(self, iid: str, regulation: str, text: str, due_date: date | str,
                        today: date | None = None) -> str:
        due = _parse_date(due_date, "requirement due date")
        if due < (today or date.today()):
            raise Invalid(f"requirement due date: {due.isoformat()} is in the past")
        self._known_regulation(regulation)
        if not text.strip():
            raise Invalid("requirement: say what must be done")
        return self.add(iid, "action", kind="requirement", regulation=regulation, text=text,
                        due_date=due)

    def add_recommendation(self, iid: str, regulation: str, text: str,
                           guide_ref: str = "") -> str:
        self._known_regulation(regulation)
        if not text.strip():
            raise Invalid("recommendation: say what should improve")
        return self.add(iid, "action", kind="recommendation", regulation=regulation, text=text,
                        guide_ref=guide_ref)

    def _known_regulation(self, ref: str) -> None:
        if ref not in self.catalogue.known_ids():
            raise Invalid(f"regulation: {ref!r} is not a regulation or item in the catalogue")

    # --- outcome -----------------------------------------------------------------------
    def set_outcome(self, iid: str, judgement: str | None) -> None:
        if judgement is not None:
            try:
                self.catalogue.outcome(judgement)
            except KeyError as exc:
                raise Invalid(f"outcome: {exc.args[0]}") from None
        self.load(iid)
        self._write(iid, [Edit(iid, "outcome", f"{iid}/outcome", "judgement", judgement)])

    def set_rationale(self, iid: str, theme: str, text: str, fold: bool = False) -> list[Event]:
        if theme not in {t.id for t in self.catalogue.themes.themes}:
            raise Invalid(f"rationale: no evaluation theme {theme!r}")
        self.load(iid)
        return self._write(iid, [Edit(iid, "outcome", f"{iid}/outcome", f"rationale.{theme}",
                                      text)], fold=fold)

    # --- review workflow ---------------------------------------------------------------
    def submit(self, iid: str, comment: str = "") -> None:
        status = self.load(iid).status
        if status not in ("draft", "returned"):
            raise Invalid(f"cannot submit: the inspection is {status}")
        self.store.record([self._review_edit(iid, "submit", comment)], self._author())

    def approve(self, iid: str, comment: str = "") -> None:
        self._require_manager("approve")
        status = self.load(iid).status
        if status != "submitted":
            raise Invalid(f"cannot approve: the inspection is {status}, not submitted")
        self.store.record([self._review_edit(iid, "approve", comment)], self._author())

    def return_for_changes(self, iid: str, comment: str) -> None:
        self._require_manager("return")
        if not comment.strip():
            raise Invalid("return: say what needs to change")
        status = self.load(iid).status
        if status != "submitted":
            raise Invalid(f"cannot return: the inspection is {status}, not submitted")
        self.store.record([self._review_edit(iid, "return", comment)], self._author())

    def comment(self, iid: str, comment: str) -> None:
        self.load(iid)
        if not comment.strip():
            raise Invalid("comment: the comment is empty")
        self.store.record([self._review_edit(iid, "comment", comment)], self._author())

    def _require_manager(self, verb: str) -> None:
        profile = self.profile()
        if profile is None or profile.role != "manager":
            raise Forbidden(f"only a manager can {verb} an inspection "
                            "(set your profile with `inspect-tui profile`)")

    # --- conflicts ---------------------------------------------------------------------
    def conflicts(self, iid: str) -> list[Conflict]:
        return [Conflict(*c) for c in self.store.conflicts(iid)]

    def resolve_conflict(self, iid: str, entity_id: str, field: str, value: Any) -> None:
        heads = self.store.heads(entity_id, field)
        if len(heads) < 2:
            raise NotFound(f"no open conflict on {entity_id} {field}")
        # record() replaces every current head, which is what resolving means.
        self.store.record([Edit(iid, heads[0].entity, entity_id, field, value)], self._author())

    def history(self, iid: str) -> list[Event]:
        return list(self.store.events(iid))

    # --- checks and progress -----------------------------------------------------------
    def check(self, doc: InspectionDocument) -> list[checks.Problem]:
        return checks.review_problems(doc, self.catalogue)

    def progress(self, doc: InspectionDocument) -> int:
        return checks.progress(doc, self.catalogue)

    # --- export and import -------------------------------------------------------------
    def export_document(self, iid: str) -> dict[str, Any]:
        return _json(self.load(iid))

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
            if action.regulation not in known:
                raise Invalid(f"actions: unknown regulation {action.regulation!r}")
        if doc.outcome.judgement is not None:
            try:
                self.catalogue.outcome(doc.outcome.judgement)
            except KeyError as exc:
                raise Invalid(f"outcome: {exc.args[0]}") from None
        _cse_check_import(doc, known)
        if self.exists(doc.id):
            raise Invalid(f"inspection {doc.id} is already in this database")
        self.store.record(self._document_edits(doc), self._author())
        return doc.id


def _parse_date(value: date | str, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise Invalid(f"{label}: {value!r} is not a date (use YYYY-MM-DD)") from None


def derive_status(entries: Iterable[dict[str, Any]]) -> str:
    """The workflow status from review entries, in time order (they never conflict)."""
    status = "draft"
    for entry in sorted(entries, key=lambda e: e.get("at", "")):
        action = entry.get("action")
        if action == "submit":
            status = "submitted"
        elif action == "approve":
            status = "approved"
        elif action == "return":
            status = "returned"
        elif action == "reopen":
            status = "draft"
    return status


def build_document(iid: str, fields: list[FieldValue]) -> InspectionDocument:
    """Assemble the document from materialised fields (the read model)."""
    grouped: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for f in fields:
        grouped[(f.entity, f.entity_id)][f.field] = f.value
    inspection = grouped.get(("inspection", iid), {})
    provider = grouped.get(("provider", f"{iid}/provider"), {})
    lists: dict[str, list[dict[str, Any]]] = defaultdict(list)
    findings, checks_, review = [], [], []
    outcome: dict[str, Any] = {"judgement": None, "rationale": {}}
    for (entity, eid), values in grouped.items():
        tail = eid[len(iid) + 1:]
        if entity in LIST_ENTITIES:
            if not values.pop("deleted", False):
                lists[entity].append({"id": tail.split("/", 1)[1], **values})
        elif entity == "finding":
            findings.append({"item_id": tail.split("/", 1)[1], **values})
        elif entity == "check":
            _, item_id, subject = tail.split("/", 2)
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
