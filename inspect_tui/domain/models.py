"""The inspection as a document: the shape the service returns, exports and imports.

Pure pydantic, no I/O. The JSON Schema of :class:`InspectionDocument` is the documented
export format (``inspect-tui schema inspection``).
"""

from __future__ import annotations

import re
from datetime import date
from datetime import date as Date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .cse.models import CseRecord
from .time import parse_date
from .vocab import ETHNICITIES

FORMAT_VERSION = 1

FindingStatus = Literal["not_assessed", "met", "partly_met", "not_met"]
InspectionType = Literal["full", "monitoring", "ad_hoc"]
InspectionStatus = Literal["draft", "submitted", "returned", "approved"]
Category = Annotated[int, Field(ge=1, le=4)]
Sex = Literal["female", "male", "other", "not_known"]
Disability = Literal["yes", "no", "not_known"]
LegalStatus = Literal["looked_after", "relevant_child", "former_relevant", "not_known"]
CheckAnswer = Literal["not_checked", "yes", "no", "not_applicable"]
Urn = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{6,10}$")]
CASE_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{1,15}$"
# The validation context of what is already stored (the read model, the event validator):
# it was checked when it was written, and a rule added since must not hide it.
STORED = {"stored": True}
# A person's name typed where a code belongs: "Jade", "Jade Smith", "Jade-Smith". A code
# such as LL-0417 has a digit; one capitalised word with none, or two, is a name.
_NAME_LIKE = re.compile(r"[A-Z][a-z]+(?:[\s_-]+[A-Z][a-z]+)?")


def _case_code(value: Any, info: ValidationInfo) -> Any:
    """Refuse, in words a person can act on, what is not a case code, above all a name.

    Every door that writes validates with this: the service (the UI and the command line)
    and an import. A code stored before this rule, or brought by a sync from an older
    version (the validation context is :data:`STORED`, or lists the field as
    ``unchanged``), is still read, so an old inspection opens, nothing is quarantined for
    it, and edits of the young person's other fields go on."""
    if not isinstance(value, str):
        return value
    code = value.strip()
    context = info.context or {}
    kept = context.get("stored") or info.field_name in context.get("unchanged", ())
    if not kept and _NAME_LIKE.fullmatch(code):
        raise ValueError(f"{code!r} looks like a name: use the young person's case code "
                         "(letters and digits, such as LL-0417), never a name")
    if not re.fullmatch(CASE_CODE_PATTERN, code):
        raise ValueError(f"{code!r} is not a case code: 2 to 16 letters, digits or hyphens, "
                         "starting with a letter or digit (such as LL-0417)")
    return code


CaseCode = Annotated[str, StringConstraints(pattern=CASE_CODE_PATTERN),
                     BeforeValidator(_case_code)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
# A date a person types, worded as every door words a bad one.
OptionalDate = Annotated[date | None, BeforeValidator(parse_date)]


def _one_line(value: str) -> str:
    if any(ch in value for ch in "\n\r\t") or any(ord(ch) < 32 for ch in value):
        raise ValueError("write it on one line")
    return value


# A detail that may still be blank (the review list says so) and is printed on one line.
Detail = Annotated[str, StringConstraints(max_length=200, strip_whitespace=True),
                   AfterValidator(_one_line)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Provider(Model):
    """The provider and the setting as the report names them (Ofsted's "setting details")."""

    name: Name
    urn: Urn = Field(description="Ofsted unique reference number of the provider.")
    categories: list[Category] = Field(default_factory=list,
                                       description="Categories of accommodation offered (1-4).")
    registered_manager: Detail = Field(default="", description="The registered service "
                                       "manager, by name.")
    responsible_individual: Detail = Field(default="", description="The responsible "
                                           "individual or nominated individual, by name.")
    service: Annotated[str, StringConstraints(max_length=2000, strip_whitespace=True)] = Field(
        default="", description="What the service provides, in a sentence or two (as its "
                                "statement of purpose says).")
    address: Annotated[str, StringConstraints(max_length=300, strip_whitespace=True),
                       AfterValidator(_one_line)] = Field(
        default="", description="The registered address, or the area served where an "
                                "address would identify where young people live.")


class PreviousInspection(Model):
    """The provider's last inspection, as its report gave it; or none (a first inspection)."""

    none: bool = Field(default=False, description="True when this is the provider's first "
                                                  "inspection.")
    date: Date | None = Field(default=None, description="Last day of the previous inspection.")
    outcome: Detail = Field(default="", description="Its outcome in that report's words.")

    @model_validator(mode="after")
    def _none_or_details(self) -> PreviousInspection:
        if self.none and (self.date or self.outcome):
            raise ValueError("a first inspection has no previous date or outcome")
        return self

    @property
    def recorded(self) -> bool:
        return self.none or (self.date is not None and bool(self.outcome))


class Enforcement(Model):
    """Enforcement action since the last inspection (Ofsted's reports carry this line)."""

    none: bool = Field(default=False, description="True when no enforcement action was "
                                                  "taken since the last inspection.")
    actions: Annotated[str, StringConstraints(max_length=2000, strip_whitespace=True)] = Field(
        default="", description="What action was taken, and when.")

    @model_validator(mode="after")
    def _none_or_actions(self) -> Enforcement:
        if self.none and self.actions:
            raise ValueError("enforcement: 'none' and actions cannot both be recorded")
        return self

    @property
    def recorded(self) -> bool:
        return self.none or bool(self.actions)


class Premises(Model):
    id: str
    label: Name
    category: Category
    local_authority: str = ""
    sampled: bool = True


class Finding(Model):
    item_id: str
    status: FindingStatus = "not_assessed"
    note: str = ""
    sources: list[str] = Field(default_factory=list)
    premises: list[str] = Field(default_factory=list)
    young_people: list[str] = Field(default_factory=list)


class CheckResult(Model):
    """An answer to one checklist item, for the inspection, a premises or a young person."""

    item_id: str
    subject: str = Field(default="", description="Premises or young person id; empty for "
                                                 "the inspection as a whole.")
    answer: CheckAnswer = "not_checked"
    note: str = ""


class YoungPerson(Model):
    id: str
    case_code: CaseCode = Field(description="A code, never a name.")
    age: int | None = Field(default=None, ge=15, le=18)
    sex: Sex = "not_known"
    ethnicity: str = "not-known"
    disability: Disability = "not_known"
    legal_status: LegalStatus = "not_known"
    category: Category | None = None
    premises_id: str | None = None
    placement_start: date | None = None
    note: str = ""

    @model_validator(mode="after")
    def _known_ethnicity(self) -> YoungPerson:
        if self.ethnicity not in ETHNICITIES:
            raise ValueError(f"ethnicity {self.ethnicity!r} is not an ONS 2021 category code")
        return self


class Action(Model):
    id: str
    kind: Literal["requirement", "recommendation"]
    regulation: str = Field(description="Standards item or regulation id the action answers.")
    text: str
    due_date: OptionalDate = Field(default=None, description="Compliance date (requirements).")
    guide_ref: str = Field(default="", description="DfE Guide reference (recommendations).")


class Outcome(Model):
    judgement: str | None = Field(default=None, description="Outcome id from the content.")
    rationale: dict[str, str] = Field(default_factory=dict, description="Per evaluation theme.")


DeviceId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{1,64}$")]


class ReviewEntry(Model):
    """One step of the review workflow. ``seen`` is the author's version vector when it was
    written (what the author had seen: :mod:`.review` orders entries by it); ``digest``, on
    an approval, is the :func:`~.digest.inspection_digest` of the state the manager saw."""

    action: Literal["submit", "approve", "return", "comment", "reopen"]
    by: Name
    role: Literal["inspector", "manager"]
    at: str = Field(max_length=64)
    comment: str = Field(default="", max_length=20_000)
    seen: dict[DeviceId, Annotated[int, Field(ge=0, le=2**53)]] | None = Field(
        default=None, max_length=10_000,
        description="The author's version vector when writing: {device: sequence}.")
    digest: str = Field(default="", pattern=r"^([0-9a-f]{64})?$",
                        description="On an approval: the digest of the state approved.")


class InspectionDocument(Model):
    """One inspection, whole. The export format and the service's read model."""

    format_version: Literal[1] = FORMAT_VERSION
    id: str
    content_edition: str
    type: InspectionType
    start_date: date
    end_date: date
    lead_inspector: Name
    team: list[Name] = Field(default_factory=list)
    reviewers: list[Name] = Field(
        default_factory=list,
        description="The managers who review it: members, with the lead and team, who "
                    "receive it through the hub (domain/membership.py).")
    status: InspectionStatus = "draft"
    archived: bool = False
    provider: Provider
    previous_inspection: PreviousInspection = Field(default_factory=PreviousInspection)
    enforcement: Enforcement = Field(default_factory=Enforcement)
    premises: list[Premises] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    young_people: list[YoungPerson] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    outcome: Outcome = Field(default_factory=Outcome)
    review: list[ReviewEntry] = Field(default_factory=list)
    cse: list[CseRecord] = Field(default_factory=list,
                                 description="CSE tracking, one record per tracked young person.")

    @field_validator("end_date")
    @classmethod
    def _end_not_before_start(cls, end: date, info: ValidationInfo) -> date:
        # A field's check, not the whole record's: it is reported with the other fields'
        # errors, so a form names it on the first attempt, not once they are fixed.
        start = info.data.get("start_date")
        if start is not None and end < start:
            raise ValueError("end_date is before start_date")
        return end

    @field_validator("previous_inspection")
    @classmethod
    def _previous_before_start(cls, previous: PreviousInspection,
                               info: ValidationInfo) -> PreviousInspection:
        # A field's check too, for the same reason as the end date's.
        start = info.data.get("start_date")
        if start is not None and previous.date is not None and previous.date >= start:
            raise ValueError("the previous inspection must end before this one starts")
        return previous

    @model_validator(mode="after")
    def _consistent(self) -> InspectionDocument:
        ids = [p.id for p in self.premises] + [y.id for y in self.young_people]
        ids += [a.id for a in self.actions]
        if len(ids) != len(set(ids)):
            raise ValueError("premises, young people and actions need unique ids")
        premises = {p.id for p in self.premises}
        people = {y.id for y in self.young_people}
        codes = [y.case_code for y in self.young_people]
        if len(codes) != len(set(codes)):
            raise ValueError("two young people share a case code")
        for f in self.findings:
            for pid in f.premises:
                if pid not in premises:
                    raise ValueError(f"finding {f.item_id}: unknown premises {pid!r}")
            for yid in f.young_people:
                if yid not in people:
                    raise ValueError(f"finding {f.item_id}: unknown young person {yid!r}")
        for y in self.young_people:
            if y.premises_id and y.premises_id not in premises:
                raise ValueError(f"young person {y.case_code}: unknown premises {y.premises_id!r}")
        tracked = [r.young_person_id for r in self.cse]
        if len(tracked) != len(set(tracked)):
            raise ValueError("cse: two records for the same young person")
        for record in self.cse:
            if record.young_person_id not in people:
                raise ValueError(f"cse: unknown young person {record.young_person_id!r}")
        return self

    # --- convenient views -----------------------------------------------------------------
    def finding(self, item_id: str) -> Finding:
        for f in self.findings:
            if f.item_id == item_id:
                return f
        return Finding(item_id=item_id)

    def young_person(self, yp_id: str) -> YoungPerson | None:
        return next((y for y in self.young_people if y.id == yp_id), None)

    def premises_by_id(self, premises_id: str) -> Premises | None:
        return next((p for p in self.premises if p.id == premises_id), None)

    def cse_record(self, yp_id: str) -> CseRecord:
        """The young person's CSE record, or an empty one if nothing is recorded yet."""
        return next((r for r in self.cse if r.young_person_id == yp_id),
                    CseRecord(young_person_id=yp_id))
