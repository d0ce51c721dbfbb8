"""The one validator for events that arrive from elsewhere: the hub runs it on every batch
a device sends (HTTP or bundle) before anything is written, and a laptop on every event it
receives (what fails there is quarantined, not applied).

An event row is the store's column order (:data:`ROW_FIELDS`), ``value`` and ``replaces``
as JSON text. An event is valid when:

- its shape holds: eleven fields of the right types and bounded sizes, an id that is
  ``<device>-<seq>`` with a device id of letters and digits and a sequence SQLite can hold;
- its entity id follows the grammar of :mod:`.entities` for an inspection id of the house
  form, and its kind and field are known, the value valid against the field's pydantic type
  (the one the service validates with: a finding's status in its vocabulary, real dates,
  bounded depth) and the catalogue of the inspection's content edition (a known standards
  item, checklist item, indicator, outcome, theme or regulation);
- ``replaces`` names only events held (or earlier in the batch) of the same entity and
  field, never a review entry: review entries are append-only, and a review entity id is
  written once;
- a review entry is a valid step of the state machine of :mod:`.review` as its author saw
  it, its ``seen`` no further than what the receiver holds; an edit is not a bypass;
- an action (requirement or recommendation) is one :mod:`.actions` lets be recorded, its
  fields taken together: what the receiver holds overlaid with the batch's events (and the
  earlier batches'), judged once the action has every field the service writes (a new one
  arriving in parts is judged when its last part does), with no date judged against today.

Validation is per batch: one query per batch for what the store must tell (through a
:class:`Known`), and one cached pydantic ``TypeAdapter`` per (entity, field).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from pydantic import ValidationError

from ..catalogue import Catalogue, default_catalogue
from .actions import action_refusal
from .entities import BadEntityId, field_adapter, parse_entity_id
from .models import STORED, Action
from .review import Step, edit_bypass, step_refusal
from .vocab import ETHNICITIES

ROW_FIELDS = ("id", "inspection_id", "entity", "entity_id", "field", "value", "replaces",
              "author", "device", "device_seq", "at")
MAX_SEQ = 2**53
MAX_TEXT = 1024
MAX_VALUE = 512 * 1024
MAX_REPLACES = 64
DEVICE = re.compile(r"[A-Za-z0-9]{1,64}")
INSPECTION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
PART = re.compile(r"[A-Za-z0-9_.-]{0,128}")
AT = re.compile(r"\d{4}-\d{2}-\d{2}T[0-9:.]{5,18}(Z|[+-]\d{2}:\d{2})?")
CACHE_LIMIT = 50_000  # entries per validator cache: memory stays small on any batch
# Fields that may change while the record is read-only (the archive flag: filing, not content).
UNGUARDED = frozenset({("inspection", "archived")})
# The fields the service writes for every action it adds: an action is judged as a whole
# (:func:`.actions.action_refusal`) once it has them all.
ACTION_FIELDS = frozenset(Action.model_fields) - {"id"}


class Known(Protocol):
    """What the receiver holds, asked once per batch (the store implements it)."""

    def events(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """For each held event id: (entity id, field)."""

    def written_entities(self, entity_ids: Iterable[str]) -> set[str]:
        """Which of ``entity_ids`` already have an event."""

    def edition(self, inspection_id: str) -> str | None:
        """The inspection's content edition, if held."""

    def review_steps(self, inspection_id: str) -> list[Step]:
        """The inspection's review entries held."""

    def vector(self) -> dict[str, int]:
        """The receiver's version vector."""

    def fields(self, entity_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """For each of ``entity_ids`` held: its current fields (field -> value as JSON)."""


@dataclass(frozen=True, slots=True)
class Rejection:
    event_id: str
    reason: str

    def line(self) -> str:
        return f"event {self.event_id[:80]!r}: {self.reason}"


@dataclass(frozen=True)
class EditionFacts:
    """What an edition's catalogue says, as sets for per-event lookups."""

    edition: str
    items: frozenset[str]
    checklist_items: frozenset[str]
    indicators: frozenset[str]
    outcomes: frozenset[str]
    themes: frozenset[str]
    regulations: frozenset[str]

    @classmethod
    def of(cls, catalogue: Catalogue) -> EditionFacts:
        try:
            indicators = frozenset(i.id for i in catalogue.checklist("cse-indicators").items)
        except KeyError:
            indicators = frozenset()
        return cls(catalogue.edition_id, frozenset(i.id for i in catalogue.items()),
                   frozenset(i.id for c in catalogue.checklists for i in c.items), indicators,
                   frozenset(o.id for o in catalogue.outcomes.outcomes),
                   frozenset(t.id for t in catalogue.themes.themes),
                   frozenset(catalogue.known_ids()))


@cache
def _default_facts() -> EditionFacts:
    return EditionFacts.of(default_catalogue())


def edition_facts(edition: str | None) -> EditionFacts | None:
    """The facts of a known edition (the default for an inspection not yet seen)."""
    facts = _default_facts()
    if edition is None or edition == facts.edition:
        return facts
    return None


@dataclass
class _Batch:
    known: Known
    editions: Callable[[str | None], EditionFacts | None]
    require_seen: bool
    held_vector: dict[str, int]
    replaced: dict[str, tuple[str, str]]
    written: set[str]
    in_batch: dict[str, tuple[str, str]] = field(default_factory=dict)
    steps: dict[str, list[Step]] = field(default_factory=dict)
    batch_editions: dict[str, str | None] = field(default_factory=dict)
    facts_of: dict[str, EditionFacts] = field(default_factory=dict)  # iid -> its facts
    bypass_cache: dict[tuple, str | None] = field(default_factory=dict)
    workflow: bool = True
    # Entity ids recur (every field of a finding, every edit of a note): each is parsed
    # once per validator, to its parts or the reason it is refused. Bounded, as are
    # ``good_ids`` (device ids, inspection ids, already found well-formed).
    entity_refs: dict[tuple[str, str, str], tuple[str, ...] | str] = field(
        default_factory=dict)
    good_ids: tuple[set[str], set[str]] = field(default_factory=lambda: (set(), set()))
    # Action fields accepted by earlier batches of this validator (entity id -> field ->
    # value): the receiver may not have merged them yet (the chunks of one bundle).
    actions: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (inspection id, entity, entity id, field) that passed _meaning -> what the quick
    # path needs: (value validator, id parts, a catalogue check of the value?, judged
    # against the review workflow?, [edition facts, the catalogue's verdict on the parts])
    quick: dict[tuple[str, str, str, str], tuple] = field(default_factory=dict)
    # Ids of the batch being checked whose row had not passed when the receiver was asked
    # about the events replaced: asked one by one if a row needs them (see _target).
    unasked: set[str] = field(default_factory=set)
    # Every event this validator refused. The receiver may hold one before it is noted as
    # refused (a bundle's chunks are merged as they are checked, its quarantine written at
    # the end): it is never held as far as later events are concerned. Not a cache, so
    # never cleared; refused events are few, and each is kept in quarantine anyway.
    refused: set[str] = field(default_factory=set)

    def held_events(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """:meth:`Known.events`, less the events refused here."""
        found = self.known.events(ids)
        for id_ in self.refused.intersection(found):
            del found[id_]
        return found

    def steps_of(self, iid: str) -> list[Step]:
        if iid not in self.steps:
            self.steps[iid] = list(self.known.review_steps(iid))
        return self.steps[iid]

    def edition_of(self, iid: str) -> EditionFacts | None:
        if iid not in self.batch_editions:
            self.batch_editions[iid] = self.known.edition(iid)
        facts = self.editions(self.batch_editions[iid])
        if facts is not None:
            self.facts_of[iid] = facts
        return facts

    def entity_parts(self, iid: str, entity: str, entity_id: str) -> tuple[str, ...] | str:
        """The id parts of ``entity_id``, or why it is refused (cached)."""
        key = (iid, entity, entity_id)
        found = self.entity_refs.get(key)
        if found is None:
            found = _entity_parts(iid, entity, entity_id)
            if len(self.entity_refs) >= CACHE_LIMIT:
                self.entity_refs.clear()
            self.entity_refs[key] = found
        return found


class Validator:
    """Checks batches against what the receiver holds and the batches checked before
    (the chunks of one bundle, or the batches of one sync). ``require_seen``: a review
    entry must carry ``seen`` (the hub; a laptop also accepts entries written before it
    existed)."""

    def __init__(self, known: Known, *,
                 editions: Callable[[str | None], EditionFacts | None] = edition_facts,
                 require_seen: bool = True, workflow: bool = True):
        """``workflow=False``: leave out the review state machine (to look over a log
        already here, written before these rules, for values that cannot be read)."""
        self.batch = _Batch(known, editions, require_seen, dict(known.vector()), {}, set(),
                            workflow=workflow)

    def forget(self, event_ids: Iterable[str]) -> None:
        """The receiver now holds these events (merged): it answers for them from here on,
        so they need not be kept here. A fresh laptop's pull of millions of events kept
        every one it had accepted, for the whole pull."""
        in_batch = self.batch.in_batch
        for id_ in event_ids:
            in_batch.pop(id_, None)

    def check(self, rows: Sequence[Sequence[Any]]) -> list[Rejection]:
        """Every invalid event of ``rows`` (in order), each with its reason; [] if all hold.

        An invalid event is not counted as held, so later events that replace it fail too,
        in this batch or a later one, even where the receiver holds it by then (a
        bundle's earlier chunk, merged before its quarantine is written).

        A row takes a quick path where what its verdict depends on, bar its own value,
        sequence and time, was found good before: its device, inspection and author, its
        (entity id, field) of an inspection whose edition is known, one or no event
        replaced, and no review entry or edition. Anything else, and every refusal, goes
        through :func:`_shape` and :func:`_meaning`, which say why; the quick path checks
        what they check, in their order, and accepts only what they accept.
        """
        batch = self.batch
        shaped: list[Sequence[Any]] = []
        rejections: list[Rejection] = []
        good_ids = batch.good_ids
        for ids in good_ids:
            if len(ids) >= CACHE_LIMIT:
                ids.clear()
        if len(batch.quick) >= CACHE_LIMIT:
            batch.quick.clear()
        if len(batch.replaced) >= CACHE_LIMIT:
            batch.replaced.clear()  # the receiver's answers, asked again when needed
        devices, inspections = good_ids
        at_form = AT.fullmatch
        in_batch, replaced = batch.in_batch, batch.replaced
        batch_ids: set[str] = set()
        lookup: set[str] = set()  # replaced events to ask the receiver about
        parsed: dict[str, Any] = {}  # replaces, parsed once per event
        reviews: set[str] = set()
        str_, int_ = str, int
        for row in rows:
            if not ((type(row) is list or type(row) is tuple) and len(row) == 11):
                reason = _shape(row, good_ids)
                if reason:
                    rejections.append(Rejection(_id_of(row), reason))
                    continue
            id_, iid, entity, entity_id, field_, value, replaces, author, dev, seq, at = row
            # _shape's checks, in its order, where the ids were found well-formed before.
            if not (type(id_) is str_ and type(iid) is str_ and type(entity) is str_
                    and type(entity_id) is str_ and type(field_) is str_
                    and type(author) is str_ and type(dev) is str_ and type(at) is str_
                    and type(value) is str_ and type(replaces) is str_
                    and type(seq) is int_ and 0 < seq <= MAX_SEQ
                    and len(entity_id) <= MAX_TEXT and len(field_) <= MAX_TEXT
                    and len(author) <= 200 and len(at) <= 64 and len(value) <= MAX_VALUE
                    and len(replaces) <= MAX_VALUE and dev in devices
                    and id_ == f"{dev}-{seq}" and iid in inspections and author.strip()
                    and at_form(at)):
                reason = _shape(row, good_ids)
                if reason:
                    rejections.append(Rejection(_id_of(row), reason))
                    continue
            shaped.append(row)
            batch_ids.add(id_)
            if entity == "review":
                reviews.add(entity_id)
            if replaces == "[]":
                continue
            # One event id, the usual case, read without the JSON parser: ``["<id>"]``
            # whose id holds no quote, backslash or unprintable character reads the same.
            r = replaces[2:-2]
            if (replaces[:2] == '["' and replaces[-2:] == '"]' and r and '"' not in r
                    and "\\" not in r and r.isprintable()):
                parsed[id_] = [r]
                # An earlier row of this batch (the usual case) is not asked about.
                if r not in batch_ids and r not in in_batch and r not in replaced:
                    lookup.add(r)
                continue
            found = _replaces(replaces)
            if found is None:
                continue
            parsed[id_] = found
            if type(found) is list and len(found) == 1:
                r = found[0]
                if type(r) is str_ and r not in batch_ids and r not in in_batch \
                        and r not in replaced:
                    lookup.add(r)
            elif isinstance(found, list):
                for r in found:
                    if isinstance(r, str) and r not in in_batch and r not in replaced:
                        lookup.add(r)
        # The event replaced is most often an earlier one of these rows, held once that
        # row passes: one of them is asked of the receiver only when needed (_target).
        lookup -= batch_ids
        if lookup:
            replaced.update(batch.held_events(lookup))
        batch.unasked = batch_ids
        reviews -= batch.written
        if reviews:
            batch.written |= batch.known.written_entities(reviews)
        held = batch.held_vector
        quick, facts_get, steps_get = batch.quick, batch.facts_of.get, batch.steps.get
        in_batch_get, replaced_get = in_batch.get, replaced.get
        actions: list[Sequence[Any]] = []
        for row in shaped:
            id_, iid, entity, entity_id, field_, value, replaces, _author, dev, seq, _at = row
            found = _EMPTY if replaces == "[]" else parsed.get(id_)
            key = (iid, entity, entity_id, field_)
            entry = quick.get(key)
            facts = facts_get(iid)
            if entry is None or facts is None:
                reason = _meaning(row, batch, found)
                if reason is None:
                    _remember(batch, key, row)
            else:
                # The quick path: _meaning for an (inspection, entity, entity id, field)
                # that passed it before (``entry``, from _remember), its edition known.
                validate, parts, value_checked, guarded, memo = entry
                try:
                    value_parsed = validate(value, context=STORED)
                except ValidationError:
                    reason = _meaning(row, batch, found)
                else:
                    if memo[0] is not facts:
                        memo[0], memo[1] = facts, _catalogue_parts(entity, field_, parts,
                                                                   facts)
                    reason = memo[1]
                    if reason is None and value_checked:
                        reason = _catalogue_value(entity, field_, value_parsed, facts)
                    if reason is not None:
                        pass
                    elif found is not _EMPTY and not (
                            type(found) is list and len(found) == 1
                            and type(found[0]) is str_
                            and (in_batch_get(found[0]) or replaced_get(found[0]))
                            == (entity_id, field_)):
                        reason = _meaning(row, batch, found)
                    elif guarded:
                        held_steps = steps_get(iid)
                        if held_steps is None:
                            held_steps = batch.steps_of(iid)
                        if held_steps:
                            reason = _bypass(batch, held_steps, iid, dev, seq)
            if reason:
                rejections.append(Rejection(id_, reason))
                continue
            in_batch[id_] = (entity_id, field_)
            if seq > held.get(dev, 0):
                held[dev] = seq
            if entity == "action":
                actions.append(row)
        batch.unasked = set()
        if batch.workflow and actions:
            refused = {r.event_id for r in rejections}
            if refused:
                actions = [r for r in actions if r[0] not in refused]
            for rejection in _action_rules(actions, batch):
                in_batch.pop(rejection.event_id, None)
                rejections.append(rejection)
        for rejection in rejections:
            batch.refused.add(rejection.event_id)
            replaced.pop(rejection.event_id, None)
        return rejections


def check_rows(rows: Sequence[Sequence[Any]], known: Known, **options: Any) -> list[Rejection]:
    """:meth:`Validator.check` for one batch."""
    return Validator(known, **options).check(rows)


def _id_of(row: Any) -> str:
    if isinstance(row, list | tuple) and row and isinstance(row[0], str):
        return row[0]
    return "?"


def _replaces(text: str) -> Any:
    """``replaces`` parsed (None: not JSON); the one-id form is read in :meth:`check`."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None



def _shape(row: Any, good_ids: tuple[set[str], set[str]] | None = None) -> str | None:
    """Why ``row`` is not an event of the right shape, or None. ``good_ids``: the device
    ids and the inspection ids already found well-formed (a cache: they repeat)."""
    if not isinstance(row, list | tuple) or len(row) != len(ROW_FIELDS):
        return f"malformed event (expected {len(ROW_FIELDS)} fields)"
    (id_, iid, entity, entity_id, field_, value, replaces, author, dev, seq, at) = row
    # Explicit checks rather than loops: this runs for every event of a large batch.
    if (type(id_) is not str or type(iid) is not str or type(entity) is not str
            or type(entity_id) is not str or type(field_) is not str
            or type(author) is not str or type(dev) is not str or type(at) is not str
            or type(value) is not str or type(replaces) is not str or type(seq) is not int):
        return "malformed field (a field of the wrong type)"
    if not 0 < seq <= MAX_SEQ:
        return f"device sequence {seq} is out of range"
    if (len(entity_id) > MAX_TEXT or len(field_) > MAX_TEXT or len(author) > 200
            or len(at) > 64 or len(value) > MAX_VALUE or len(replaces) > MAX_VALUE):
        return "a field is too large"
    devices, inspections = good_ids if good_ids is not None else (set(), set())
    if dev not in devices:
        if not DEVICE.fullmatch(dev):
            return "malformed device id"
        devices.add(dev)
    if id_ != f"{dev}-{seq}":
        return "id does not match its device and sequence"
    if iid not in inspections:
        if not INSPECTION_ID.fullmatch(iid):
            return "malformed inspection id"
        inspections.add(iid)
    if not author.strip():
        return "no author"
    if not AT.fullmatch(at):
        return f"time {at[:40]!r} is not an ISO 8601 time"
    return None


_EMPTY: list[str] = []


def _meaning(row: Sequence[Any], batch: _Batch, replaces: Any) -> str | None:
    """``replaces``: the row's replaces parsed (None: not JSON)."""
    (id_, iid, entity, entity_id, field_, value, _replaces, _author, dev, seq, _at) = row
    parts = batch.entity_refs.get((iid, entity, entity_id))
    if parts is None:
        parts = batch.entity_parts(iid, entity, entity_id)
    if type(parts) is str:
        return parts
    validate = _value_validator(entity, field_)
    if validate is None:
        return f"{entity} has no field {field_[:80]!r}"
    try:
        parsed = validate(value, context=STORED)  # see models._case_code
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        return f"{entity} {field_}{' ' + where if where else ''}: {err.get('msg', 'invalid')}"
    facts = batch.facts_of.get(iid) or batch.edition_of(iid)
    if entity == "inspection" and field_ == "content_edition":
        facts = batch.editions(parsed)
        if facts is None:
            return f"content edition {parsed!r} is not known here"
        batch.batch_editions[iid] = parsed
        batch.facts_of[iid] = facts
    if facts is None:
        return "the inspection's content edition is not known here"
    reason = _catalogue(entity, field_, parts, parsed, facts)
    if reason:
        return reason
    if replaces is None:
        return "replaces is not valid JSON"
    if type(replaces) is not list or not (
            (len(replaces) == 1 and type(replaces[0]) is str)  # the usual case, quickly
            or (len(replaces) <= MAX_REPLACES and all(isinstance(r, str) for r in replaces))):
        return "replaces must be a short list of event ids"
    for other in replaces:
        target = _target(batch, other)
        if target is None:
            return f"replaces {other[:80]!r}, an event not held here"
        if target != (entity_id, field_):
            return f"replaces {other[:80]!r}, an event of another entity or field"
    if entity == "review":
        return _review(row, parsed, replaces, batch)
    if (entity, field_) in UNGUARDED or not batch.workflow:
        return None
    return _bypass(batch, batch.steps_of(iid), iid, dev, seq)


def _target(batch: _Batch, event_id: str) -> tuple[str, str] | None:
    """(entity id, field) of the event ``event_id``, if held here or passed before."""
    target = batch.in_batch.get(event_id) or batch.replaced.get(event_id)
    if target is None and event_id in batch.unasked:
        batch.unasked.discard(event_id)
        batch.replaced.update(batch.held_events([event_id]))
        target = batch.replaced.get(event_id)
    return target


def _bypass(batch: _Batch, steps: list[Step], iid: str, dev: str, seq: int) -> str | None:
    """Why an edit by ``dev`` at ``seq`` bypasses the review workflow, or None."""
    if not steps:
        return None
    # What the device knew depends only on its own earlier steps: cache by their number.
    key = (iid, dev, sum(1 for s in steps if s.device == dev and s.seq < seq), len(steps))
    if key not in batch.bypass_cache:
        batch.bypass_cache[key] = edit_bypass(steps, dev, seq)
    return batch.bypass_cache[key]


def _remember(batch: _Batch, key: tuple[str, str, str, str], row: Sequence[Any]) -> None:
    """After ``row`` passed :func:`_meaning`: what the quick path needs for its
    (inspection, entity, entity id, field), unless it is a review entry or an edition
    (those change what later rows are judged against, so they always take the long way)."""
    iid, entity, entity_id, field_ = key
    if entity == "review" or field_ == "content_edition":
        return
    parts = batch.entity_refs.get((iid, entity, entity_id))
    validate = _value_validator(entity, field_)
    facts = batch.facts_of.get(iid)
    if type(parts) is not tuple or validate is None or facts is None:
        return
    guarded = batch.workflow and (entity, field_) not in UNGUARDED
    batch.quick[key] = (validate, parts, _value_checked(entity, field_), guarded,
                        [facts, None])


def _action_rules(rows: list[Sequence[Any]], batch: _Batch) -> list[Rejection]:
    """The rules of :mod:`.actions` for each action ``rows`` (valid one by one) change:
    every one of its events in ``rows`` refused, with the rule's words, where the action
    they make cannot be recorded."""
    touched: dict[str, list[Sequence[Any]]] = {}
    for row in rows:
        touched.setdefault(row[3], []).append(row)
    unknown = [eid for eid in touched if eid not in batch.actions]
    if unknown:
        if len(batch.actions) >= CACHE_LIMIT:
            batch.actions.clear()
        for eid, stored in batch.known.fields(unknown).items():
            values = {}
            for name, text in stored.items():
                validate = _value_validator("action", name)
                if validate is None:
                    continue
                try:
                    values[name] = validate(text, context=STORED)
                except ValidationError:
                    continue
            batch.actions[eid] = values
    rejections: list[Rejection] = []
    for eid, events in touched.items():
        values = dict(batch.actions.get(eid, {}))
        for row in events:
            validate = _value_validator("action", row[4])
            if validate is not None:
                values[row[4]] = validate(row[5], context=STORED)  # valid: checked before
        reason = None
        facts = batch.facts_of.get(events[0][1])
        missing = ACTION_FIELDS - values.keys()
        if not values.get("deleted") and missing and facts is not None:
            # The service writes an action whole, and a batch keeps one action edit whole:
            # an action still missing fields after the batch was forged, and never judged.
            reason = (f"incomplete: {', '.join(sorted(missing))} never given (an action is "
                      "written whole)")
        elif not values.get("deleted") and facts is not None:
            data = {k: v for k, v in values.items() if k in ACTION_FIELDS}
            try:
                action = Action.model_validate({"id": eid, **data}, context=STORED)
            except ValidationError as exc:
                reason = str(exc.errors()[0].get("msg", "invalid"))
            else:
                reason = action_refusal(action, facts.regulations, today=None)
        if reason:
            rejections.extend(Rejection(row[0], f"action: {reason}") for row in events)
        else:
            batch.actions[eid] = values
    return rejections


@cache
def _value_validator(entity: str, field_: str) -> Callable[..., Any] | None:
    """The field's pydantic-core JSON validator, called straight (it runs per event)."""
    adapter = field_adapter(entity, field_)
    return None if adapter is None else adapter.validator.validate_json


def _entity_parts(iid: str, entity: str, entity_id: str) -> tuple[str, ...] | str:
    try:
        ref = parse_entity_id(iid, entity, entity_id)
    except BadEntityId as exc:
        return f"entity id {entity_id[:80]!r}: {exc}"
    if ref.parts and not all(PART.fullmatch(p) for p in ref.parts):
        return f"entity id {entity_id[:80]!r}: malformed id part"
    return ref.parts


def _catalogue(entity: str, field_: str, parts: tuple[str, ...], value: Any,
               facts: EditionFacts) -> str | None:
    """Why the catalogue of ``facts`` does not know what the event names, or None."""
    return (_catalogue_parts(entity, field_, parts, facts)
            or (_catalogue_value(entity, field_, value, facts)
                if _value_checked(entity, field_) else None))


def _catalogue_parts(entity: str, field_: str, parts: tuple[str, ...],
                     facts: EditionFacts) -> str | None:
    """The catalogue's checks of the entity id and field (whatever the value)."""
    if entity == "finding" and parts[0] not in facts.items:
        return f"no standards item {parts[0]!r} in edition {facts.edition}"
    if entity == "check" and parts[0] not in facts.checklist_items:
        return f"no checklist item {parts[0]!r} in edition {facts.edition}"
    if entity == "cse_indicator" and parts[1] not in facts.indicators:
        return f"no CSE indicator {parts[1]!r} in edition {facts.edition}"
    if entity == "outcome" and field_ != "judgement":
        theme = field_.removeprefix("rationale.")
        if theme not in facts.themes:
            return f"no evaluation theme {theme!r} in edition {facts.edition}"
    return None


def _value_checked(entity: str, field_: str) -> bool:
    """Whether :func:`_catalogue_value` looks at this field's values."""
    return ((entity == "outcome" and field_ == "judgement")
            or (entity == "action" and field_ == "regulation") or field_ == "ethnicity")


def _catalogue_value(entity: str, field_: str, value: Any, facts: EditionFacts
                     ) -> str | None:
    """The catalogue's checks of a value (of the fields :func:`_value_checked` names)."""
    if entity == "outcome" and field_ == "judgement" and value is not None \
            and value not in facts.outcomes:
        return f"no outcome {value!r} in edition {facts.edition}"
    if entity == "action" and field_ == "regulation" and value not in facts.regulations:
        return f"no regulation or item {value!r} in edition {facts.edition}"
    if field_ == "ethnicity" and value not in ETHNICITIES:
        return f"ethnicity {value!r} is not an ONS 2021 category code"
    return None


def _review(row: Sequence[Any], entry: Any, replaces: list[str], batch: _Batch) -> str | None:
    (id_, iid, _entity, entity_id, _field, _value, _r, _author, dev, seq, _at) = row
    if replaces:
        return "review entries are append-only: an event may not replace one"
    if entity_id in batch.written:
        return "review entries are append-only: this entry is already written"
    data = entry.model_dump(mode="json")
    step = Step(id_, dev, seq, data)
    if not batch.workflow:
        pass
    elif data["seen"] is None:
        if batch.require_seen:
            return "a review entry must say what its author had seen (seen)"
    else:
        for device, upto in data["seen"].items():
            if device == dev and upto >= seq:
                return "seen claims this device's own later events"
            if device != dev and upto > batch.held_vector.get(device, 0):
                return f"seen claims events of {device[:20]} not held here"
        steps = batch.steps_of(iid)
        refusal = step_refusal(steps, step)
        if refusal:
            return refusal
    batch.steps_of(iid).append(step)
    batch.written.add(entity_id)
    return None
