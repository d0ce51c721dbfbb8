"""Problems in an inspection's standards findings and actions: lines of the review list.

Pure rules. :func:`inspect_tui.domain.review.review_problems` gathers these with the CSE
and language checks (:mod:`.cse.checks`) into the one review list.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..catalogue import Catalogue
from .models import InspectionDocument


@dataclass(frozen=True)
class Problem:
    """One line of the review list. ``where`` is a place the UI can jump to:
    ``item:<item id>``, ``action:<id>``, ``young_person:<id>``, ``cse:<young person id>``,
    ``outcome``, ``rationale:<theme>``, ``setting:<field>`` (a setting detail:
    ``registered_manager``, ``responsible_individual``, ``service``, ``address``,
    ``categories``, ``previous_inspection``, ``enforcement``).
    """

    kind: str
    message: str
    where: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


FINDING_WORDS = {"met": "met", "partly_met": "partly met", "not_met": "not met"}


def standards_problems(doc: InspectionDocument, catalogue: Catalogue) -> list[Problem]:
    """Items not assessed, findings without evidence or action, incomplete actions, and a
    missing outcome or evaluation."""
    problems: list[Problem] = []
    findings = {f.item_id: f for f in doc.findings}
    actions_by_reg: dict[str, int] = {}
    for action in doc.actions:
        actions_by_reg[action.regulation] = actions_by_reg.get(action.regulation, 0) + 1

    for item in catalogue.items():
        finding = findings.get(item.id)
        where = f"item:{item.id}"
        label = f"{item.regulation} {item.title}"
        if finding is None or finding.status == "not_assessed":
            problems.append(Problem("not_assessed", f"{label}: not assessed", where))
            continue
        state = FINDING_WORDS[finding.status]
        if finding.status in ("not_met", "partly_met") and not finding.note.strip():
            problems.append(Problem("no_evidence", f"{label}: {state} without evidence", where))
        elif not finding.note.strip() and not finding.sources:
            # A judgement with nothing behind it: no note says why, no source where from.
            problems.append(Problem("no_evidence",
                                    f"{label}: {state} with no note and no source", where))
        if finding.status == "not_met" and not _has_action(item.id, actions_by_reg, catalogue):
            problems.append(Problem("no_action",
                                    f"{label}: not met without a requirement or recommendation",
                                    where))
    for action in doc.actions:
        if action.kind == "requirement" and action.due_date is None:
            problems.append(Problem("no_due_date",
                                    f"Requirement ({action.regulation}) has no due date",
                                    f"action:{action.id}"))
        if not action.text.strip():
            problems.append(Problem("empty_action", f"{action.kind.capitalize()} "
                                    f"({action.regulation}) does not say what must be done",
                                    f"action:{action.id}"))
    if not doc.outcome.judgement:
        problems.append(Problem("no_outcome", "No outcome chosen", "outcome"))
    for theme in catalogue.themes.themes:
        if not doc.outcome.rationale.get(theme.id, "").strip():
            problems.append(Problem("no_rationale",
                                    f"No evaluation written for '{theme.title}'",
                                    f"rationale:{theme.id}"))
    return problems + setting_problems(doc)


# What an inspectorate's report states about the setting, in the order the report gives it.
SETTING_DETAILS = {
    "registered_manager": "the registered manager",
    "responsible_individual": "the responsible or nominated individual",
    "service": "what the service provides",
    "address": "the address or area",
    "categories": "the categories of accommodation",
}


def setting_problems(doc: InspectionDocument) -> list[Problem]:
    """The setting details, previous inspection and enforcement line the report needs."""
    problems = [Problem("missing_detail", f"Setting details: {label} not recorded",
                        f"setting:{name}")
                for name, label in SETTING_DETAILS.items()
                if not getattr(doc.provider, name)]
    if not doc.previous_inspection.recorded:
        problems.append(Problem("missing_detail", "Previous inspection: give its date and "
                                "outcome, or record that there was none",
                                "setting:previous_inspection"))
    if not doc.enforcement.recorded:
        problems.append(Problem("missing_detail", "Enforcement since the last inspection: "
                                "describe it, or record that there was none",
                                "setting:enforcement"))
    return problems


def _has_action(item_id: str, actions_by_reg: dict[str, int], catalogue: Catalogue) -> bool:
    """An action on the item itself or on its whole regulation answers a "not met"."""
    if actions_by_reg.get(item_id):
        return True
    return bool(actions_by_reg.get(catalogue.regulation_of(item_id).id))
