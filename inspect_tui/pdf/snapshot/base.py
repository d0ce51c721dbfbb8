"""What every snapshot builder shares: the frozen model base, the build context (the
document, the catalogue, the definition and the audience, with lookups made once) and
the date and reference formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from pydantic import BaseModel, ConfigDict

from ...catalogue import Catalogue
from ...domain.models import InspectionDocument
from ...domain.review import is_final
from ...domain.time import shown_long
from ..definition import Audience, ReportDefinition

INVARIANT_TIME = datetime(2000, 1, 1, tzinfo=UTC)


class Snap(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass
class Context:
    """One report being built: the inspection, its content, and who the copy is for."""

    doc: InspectionDocument
    catalogue: Catalogue
    definition: ReportDefinition
    audience_id: str
    generated: datetime
    open_conflicts: int = 0
    audience: Audience = field(init=False)
    omit: frozenset[str] = field(init=False)
    premises_label: dict[str, str] = field(init=False)
    case_code: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.audience = self.definition.audience(self.audience_id)
        self.omit = frozenset(self.audience.omit)
        self.premises_label = {p.id: p.label for p in self.doc.premises}
        self.case_code = {y.id: y.case_code for y in self.doc.young_people}

    @property
    def final(self) -> bool:
        """Approved, and the content is still what the manager approved."""
        return is_final(self.doc)

    @property
    def leaves(self) -> bool:
        """A copy that leaves the organisation: small numbers are protected."""
        return "young_person_demographics" in self.omit

    @property
    def dates(self) -> str:
        doc = self.doc
        if doc.start_date == doc.end_date:
            return long_date(doc.start_date)
        return f"{long_date(doc.start_date)} to {long_date(doc.end_date)}"


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def long_time(value: str | datetime) -> str:
    """A stored (UTC) time as people read it: England time, the zone named."""
    return shown_long(value)


def regulation_ref(catalogue: Catalogue, ref: str) -> tuple[str, str]:
    """A display reference ("Reg 5(2)(f)(ii)") and title for an item, regulation or check."""
    if catalogue.has_item(ref):
        item = catalogue.item(ref)
        return f"Reg {item.regulation}", item.title
    try:
        reg = catalogue.regulation(ref)
        return f"Reg {reg.regulation}", reg.title
    except KeyError:
        pass
    try:
        check = catalogue.checklist_item(ref)
        return ref, check.title
    except KeyError:
        return ref, ""
