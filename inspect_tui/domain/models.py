"""The inspection as a document: the shape the service returns, exports and imports.

Pure pydantic, no I/O. The JSON Schema of :class:`InspectionDocument` is the documented
export format (``inspect-tui schema inspection``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .cse.models import CseRecord
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
CaseCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{1,15}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Provider(Model):
    name: Name
    urn: Urn = Field(description="Ofsted unique reference number of the provider.")
    categories: list[Category] = Field(default_factory=list,
                                       description="Categories of accommodation offered (1-4).")


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
    due_date: date | None = Field(default=None, description="Compliance date (requirements).")
    guide_ref: str = Field(default="", description="DfE Guide reference (recommendations).")


class Outcome(Model):
    judgement: str | None = Field(default=None, description="Outcome id from the content.")
    rationale: dict[str, str] = Field(default_factory=dict, description="Per evaluation theme.")


class ReviewEntry(Model):
    action: Literal["submit", "approve", "return", "comment", "reopen"]
    by: str
    role: Literal["inspector", "manager"]
    at: str
    comment: str = ""


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
    status: InspectionStatus = "draft"
    archived: bool = False
    provider: Provider
    premises: list[Premises] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    young_people: list[YoungPerson] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    outcome: Outcome = Field(default_factory=Outcome)
    review: list[ReviewEntry] = Field(default_factory=list)
    cse: list[CseRecord] = Field(default_factory=list,
                                 description="CSE tracking, one record per tracked young person.")

    @model_validator(mode="after")
    def _consistent(self) -> InspectionDocument:
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
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
