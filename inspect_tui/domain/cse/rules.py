"""The IICSA classification rule and the views of a CSE record the rules share.

Pure, no I/O. Where any *evidence of harm* is recorded, the tool never lets "at
heightened risk" (or "no known concerns") stand silently: IICSA (Feb 2022) found children
with STIs or regularly missing with adults written up as merely "at risk"; the rule flags
the choice, says why, and asks for a recorded reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..time import end_of_day
from .models import (
    CLASSIFICATION_RANK,
    CLASSIFICATIONS,
    IICSA_EXPLANATION,
    SIGNS_EXPLANATION,
    Classification,
    CseRecord,
    IndicatorRecord,
)


def deadlines_as_of(doc: Any) -> datetime:
    """The one answer to "as of when" for the 24-hour and 72-hour rules: the end of the
    inspection's last day (23:59 in England on its end date), whether or not it is still
    open. An interview not held by then, more than 72 hours after the return, is late; one
    whose 72 hours run past the end of the inspection is still running, never judged. The
    CSE screen, the review list and ``check``, the report and the CSE export all judge an
    episode here, so one episode is never late in one and running in another, and a report
    printed again next month says what it said on the day."""
    return end_of_day(doc.end_date)


@dataclass(frozen=True)
class ClassificationAdvice:
    """What the indicators suggest, what was chosen, and whether a reason is owed."""

    suggested: Classification
    chosen: Classification | None
    harm: tuple[str, ...]          # evidence-of-harm items present (and episodes with adults)
    signs: tuple[str, ...]         # warning signs present
    needs_reason: bool             # the choice is below the suggestion
    iicsa: bool                    # ... and evidence of harm is recorded
    explanation: str

    @property
    def reason_missing(self) -> bool:
        return self.needs_reason

    @property
    def effective(self) -> Classification:
        return self.chosen or self.suggested


# The generic checklist's answers as indicator answers. CSE indicators are recorded on the
# CSE screen only; answers an inspector gave on the workspace's checklist before that are
# read as these (and carried into the CSE record by the first edit there), never lost.
LEGACY_ANSWERS = {"yes": "present", "no": "not_present"}


def _from_checks(checks: Any) -> dict[str, IndicatorRecord]:
    return {c.item_id: IndicatorRecord(answer=LEGACY_ANSWERS[c.answer], source="checklist")
            for c in checks if c.answer in LEGACY_ANSWERS}


def legacy_indicators(doc: Any, yp_id: str, indicator_ids: set[str] | dict[str, str]
                      ) -> dict[str, IndicatorRecord]:
    """This young person's answers on the generic ``cse-indicators`` checklist that the
    CSE record does not answer itself, as indicator records (source "checklist")."""
    record = doc.cse_record(yp_id)
    return {item: rec for item, rec in _from_checks(
        c for c in doc.checks if c.subject == yp_id and c.item_id in indicator_ids).items()
        if item not in record.indicators}


def with_legacy(record: CseRecord, legacy: dict[str, IndicatorRecord]) -> CseRecord:
    """The record with ``legacy`` answers added where it has none of its own."""
    extra = {item: rec for item, rec in legacy.items() if item not in record.indicators}
    if not extra:
        return record
    return record.model_copy(update={"indicators": {**record.indicators, **extra}})


def with_checklist_answers(record: CseRecord, checks: Any) -> CseRecord:
    """The record with this young person's generic checklist answers (CheckResults on
    ``cse-indicators`` items) read as indicators, so the rules see harm whichever way it
    was recorded. An answer on the CSE screen itself wins."""
    return with_legacy(record, _from_checks(checks))


def effective_records(doc: Any, indicator_ids: set[str] | dict[str, str]) -> list[CseRecord]:
    """Every young person's CSE record as the rules, the report and the export read it
    (see ``with_checklist_answers``), for the young people with anything recorded, in
    young-person id order."""
    checks: dict[str, list[Any]] = {}
    for c in doc.checks:
        if c.item_id in indicator_ids and c.subject and c.answer in LEGACY_ANSWERS:
            checks.setdefault(c.subject, []).append(c)
    people = {y.id for y in doc.young_people}
    ids = sorted(({r.young_person_id for r in doc.cse} | set(checks)) & people)
    return [with_checklist_answers(doc.cse_record(yp), checks.get(yp, [])) for yp in ids]


def indicator_types_from(items: Any) -> dict[str, str]:
    """Map checklist item id to indicator_type from checklist items (catalogue objects)."""
    return {item.id: item.indicator_type for item in items if item.indicator_type}


MISSING_WITH_ADULTS = "missing episode with adults"


def classification_rule(record: CseRecord, indicator_types: dict[str, str]
                        ) -> ClassificationAdvice:
    """Suggest a classification from the indicators and judge the inspector's choice.

    Evidence of harm (or a missing episode with or collected by adults) suggests
    *experiencing exploitation*; a warning sign suggests *heightened risk*;
    vulnerabilities alone suggest *no known concerns*, because every child in care has
    some. Choosing lower than the suggestion needs a recorded reason; choosing higher
    never does. Warning signs are generally seen in children already being exploited
    (2012 checklist), so "at heightened risk" on warning signs needs a reason too: a sign
    never supports "merely at risk" by itself.
    """
    present = record.present()
    harm = [i for i in present if indicator_types.get(i) == "evidence_of_harm"]
    if any(e.adults_involved for e in record.missing_episodes):
        harm.append(MISSING_WITH_ADULTS)
    signs = [i for i in present if indicator_types.get(i) == "warning_sign"]
    if harm:
        suggested: Classification = "experiencing_exploitation"
    elif signs:
        suggested = "heightened_risk"
    else:
        suggested = "no_known_concerns"
    chosen = record.classification
    below = chosen is not None and CLASSIFICATION_RANK[chosen] < CLASSIFICATION_RANK[suggested]
    has_reason = bool(record.override_reason.strip())
    iicsa = below and bool(harm)
    merely_at_risk = not harm and bool(signs) and chosen == "heightened_risk"
    if iicsa:
        explanation = IICSA_EXPLANATION
    elif merely_at_risk:
        explanation = SIGNS_EXPLANATION
    elif below:
        explanation = (f"Warning signs are recorded, which suggests "
                       f"'{CLASSIFICATIONS[suggested]}'. Give the reason for "
                       f"'{CLASSIFICATIONS[chosen]}'.")  # type: ignore[index]
    else:
        explanation = ""
    return ClassificationAdvice(
        suggested=suggested, chosen=chosen, harm=tuple(harm), signs=tuple(signs),
        needs_reason=(below or merely_at_risk) and not has_reason, iicsa=iicsa,
        explanation=explanation)


def is_override(record: CseRecord, indicator_types: dict[str, str]) -> bool:
    """The chosen classification is below the one the indicators suggest."""
    advice = classification_rule(record, indicator_types)
    return advice.chosen is not None and (
        CLASSIFICATION_RANK[advice.chosen] < CLASSIFICATION_RANK[advice.suggested])
