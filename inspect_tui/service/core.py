"""What every part of the service shares: the store, the catalogue, who is writing, and
the one write path (validated edits in, events out).

The parts (:mod:`.inspections`, :mod:`.review`, :mod:`.cse`, ...) build edits and hand
them to :meth:`ServiceCore.write`; none writes to the store another way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..catalogue import Catalogue, default_catalogue
from ..domain.entities import entity_id
from ..domain.models import InspectionDocument, ReviewEntry
from ..domain.review import Step, derive_status, edit_refusal
from ..domain.time import utc_now
from ..domain.validation import Validator
from ..errors import Invalid, NotFound, describe_validation
from ..store import Edit, Event, EventStore, meta
from ..store.meta import Profile
from ..store.sync import EmptyKnown
from .documents import as_json, build_document, new_id, readable_fields

ROLES = ("inspector", "manager")


class ServiceCore:
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

    # --- who is writing ----------------------------------------------------------------
    def profile(self) -> Profile | None:
        return meta.read_profile(self.store)

    def set_profile(self, name: str, role: str) -> Profile:
        name = name.strip()
        if not name:
            raise Invalid("profile name: give the name reports should show")
        if role not in ROLES:
            raise Invalid(f"profile role: {role!r} is not one of {', '.join(ROLES)}")
        return meta.write_profile(self.store, name, role)

    def author(self) -> str:
        profile = self.profile()
        return profile.name if profile else "inspector"

    # --- the one write path ------------------------------------------------------------
    def write(self, iid: str, edits: list[Edit], fold: bool = False) -> list[Event]:
        """Write edits to the record; refused while it is submitted or approved."""
        if not edits:
            return []
        if not all(e.entity == "review" for e in edits):
            refusal = edit_refusal(self.status(iid))
            if refusal:
                raise Invalid(refusal)
        return self.store.record(edits, self.author(), fold=fold)

    def review_edit(self, iid: str, action: str, comment: str = "", digest: str = "") -> Edit:
        """A review entry; ``seen`` is what this device holds now, which orders it after
        every entry it has seen (see :mod:`inspect_tui.domain.review`)."""
        profile = self.profile()
        entry = ReviewEntry(action=action, by=profile.name if profile else "inspector",
                            role=profile.role if profile else "inspector",
                            at=utc_now().isoformat(timespec="microseconds"),
                            comment=comment, seen=self.store.version_vector(), digest=digest)
        return Edit(iid, "review", entity_id(iid, "review", new_id()), "entry", as_json(entry))

    def changes(self, iid: str, entity: str, eid: str, model: type[BaseModel],
                current: dict[str, Any], changes: dict[str, Any], label: str,
                keys: tuple[str, ...] = ("id", "item_id")) -> list[Edit]:
        """Validate ``current`` with ``changes`` applied; return edits for what changed.
        ``keys``: fields that name the entity (in its id) and are never written as values."""
        unknown = set(changes) - set(model.model_fields)
        if unknown:
            raise Invalid(f"{label}: unknown field {sorted(unknown)[0]!r}")
        # A rule that tightens applies to what is written now: a value stored before it
        # (an old case code) does not block an edit of another field.
        unchanged = [name for name in current if name not in changes]
        data = validated(model, {**current, **changes}, label, {"unchanged": unchanged})
        return [Edit(iid, entity, eid, name, data[name]) for name in changes
                if name not in keys and data[name] != current.get(name)]

    # --- reading -----------------------------------------------------------------------
    def inspection_ids(self) -> list[str]:
        return self.store.inspection_ids()

    def exists(self, iid: str) -> bool:
        return iid in self.store.inspection_ids()

    def load(self, iid: str) -> InspectionDocument:
        fields = self.store.state(iid)
        if not any(f.entity == "inspection" for f in fields):
            raise NotFound(f"no inspection with id {iid!r} in this database")
        good = readable_fields(iid, fields)
        if len(good) != len(fields) and self.scan_log(iid):
            fields = self.store.state(iid)  # what the quarantined events replaced shows again
            good = readable_fields(iid, fields)
        return build_document(iid, good, checked=True)

    def scan_log(self, iid: str | None = None) -> int:
        """Quarantine events already in this database that the validator refuses (from an
        older version, or written past the service): kept in the log, no longer applied.
        Return how many were newly quarantined."""
        validator = Validator(EmptyKnown(), require_seen=False, workflow=False)
        reasons = {r.event_id: r.reason
                   for r in validator.check(list(self.store.rows_in_order(iid)))}
        return self.store.quarantine_applied(reasons) if reasons else 0

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

    def status(self, iid: str) -> str:
        return derive_status(self.review_steps(iid))

    def review_steps(self, iid: str) -> list[Step]:
        return [Step.of(f.event_id, f.value) for f in self.store.entity_values(iid, "review")
                if f.field == "entry" and isinstance(f.value, dict)]

    def require(self, iid: str) -> None:
        """Cheap existence check for the edit path (a full load is too slow per keystroke)."""
        if not self.store.fields(iid):
            raise NotFound(f"no inspection with id {iid!r} in this database")


def validated(model: type[BaseModel], data: dict[str, Any], label: str,
              context: dict[str, Any] | None = None) -> dict[str, Any]:
    """``data`` checked by ``model``, as JSON; :class:`Invalid` naming the field if not."""
    try:
        return as_json(model.model_validate(data, context=context))
    except ValidationError as exc:
        raise Invalid(describe_validation(exc, f"{label}: ")) from None
