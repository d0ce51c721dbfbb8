"""Report definitions (``reports/*.yaml``): sections, wording, audiences and styles.

Frozen pydantic models with ``extra="forbid"``, like the rest of the content, so that a typo in
a report file is an error with a line to fix rather than a silently missing section.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .. import paths

SectionId = Literal["cover", "outcome", "history", "improvements", "evaluation", "cse",
                    "about", "setting", "evidence", "document_control"]
# What an audience may leave out, beyond whole sections.
Omission = Literal["young_person_notes", "young_person_demographics", "check_notes",
                   "review_comments", "review_workflow"]
Colour = str
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(Frozen):
    id: SectionId
    title: str = Field(min_length=1)
    intro: str = ""


class Audience(Frozen):
    label: str = Field(min_length=1)
    description: str = ""
    omit: list[Omission] = Field(default_factory=list)
    omit_sections: list[SectionId] = Field(default_factory=list)


class Fonts(Frozen):
    regular: str
    bold: str
    italic: str
    licence: str


class Wording(Frozen):
    no_outcome: str
    next_inspection: str = Field(description="{months}: the outcome's window. Ofsted gives "
                                             "a window, never a date.")
    first_inspection: str
    no_enforcement: str
    not_recorded: str
    unverified_items: str = Field(description="{unverified} of {assessed} assessed items.")
    cse_withheld: str
    cse_provider: str
    no_requirements: str
    no_recommendations: str
    no_evaluation: str
    no_findings: str
    conflicts_warning: str
    draft_status: str
    final_status: str
    cse_none_tracked: str
    cse_no_findings: str
    cse_case_codes: str
    digest_note: str


class Styles(Frozen):
    page_size: Literal["A4"] = "A4"
    margin_mm: float = Field(default=18, ge=5, le=40)
    base_font_size: float = Field(default=9.5, ge=6, le=14)
    leading_ratio: float = Field(default=1.3, ge=1.0, le=2.0)
    heading_color: Colour
    accent_color: Colour
    rule_color: Colour
    table_header_background: Colour
    table_stripe_background: Colour
    watermark_draft_color: Colour
    watermark_final_color: Colour
    watermark_alpha: float = Field(default=0.1, gt=0, le=1)
    status_colors: dict[Literal["met", "partly_met", "not_met", "not_assessed"], Colour]

    @field_validator("heading_color", "accent_color", "rule_color", "table_header_background",
                     "table_stripe_background", "watermark_draft_color",
                     "watermark_final_color")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _COLOUR.match(value):
            raise ValueError(f"{value!r} is not a #rrggbb colour")
        return value


class ReportDefinition(Frozen):
    schema_version: Literal[1]
    kind: Literal["report"]
    id: str
    title: str
    handling_marking: str
    handling_note: str
    organisation: str = Field(min_length=1, description="The organisation that issues the "
                              "report: the PDF's author, never a person.")
    subject: str
    fonts: Fonts
    sections: list[Section] = Field(min_length=1)
    wording: Wording
    audiences: dict[str, Audience]
    styles: Styles
    root: Path | None = Field(default=None, exclude=True,
                              description="Folder the definition was loaded from (for fonts).")

    @field_validator("sections")
    @classmethod
    def _unique_sections(cls, value: list[Section]) -> list[Section]:
        ids = [s.id for s in value]
        if len(ids) != len(set(ids)):
            raise ValueError("a section appears twice")
        return value

    def audience(self, name: str) -> Audience:
        try:
            return self.audiences[name]
        except KeyError:
            raise KeyError(f"no audience {name!r} (choose from "
                           f"{', '.join(sorted(self.audiences))})") from None

    def font_path(self, which: Literal["regular", "bold", "italic"]) -> Path:
        return (self.root or paths.reports_dir()) / getattr(self.fonts, which)


class DefinitionError(Exception):
    """A report definition file is missing or invalid; the message names the file."""


def load_definition(path: Path | None = None) -> ReportDefinition:
    path = Path(path) if path else paths.reports_dir() / "inspection-report.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DefinitionError(f"{path}: report definition not found") from None
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{path}: not valid YAML ({exc})") from None
    try:
        definition = ReportDefinition.model_validate({**(data or {}), "root": path.parent})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise DefinitionError(f"{path}: {loc}: {first['msg']}") from None
    for which in ("regular", "bold", "italic"):
        if not definition.font_path(which).is_file():
            raise DefinitionError(f"{path}: font file {definition.font_path(which)} not found")
    return definition


@cache
def default_definition() -> ReportDefinition:
    return load_definition()
