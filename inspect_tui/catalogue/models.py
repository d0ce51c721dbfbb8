"""Frozen pydantic models of the content files (standards, checklists, outcome scale, themes).

Every content file carries ``schema_version`` and ``edition`` so that an inspection made
with one edition keeps rendering against it after the framework changes.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SCHEMA_VERSION = 1

ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(\.[a-z0-9-]+)+$")]
VocabId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

ITEM_ID_RE = re.compile(r"^[a-z0-9]+(\.[a-z0-9-]+)+$")


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(Frozen):
    """Where a piece of content comes from, and whether the fact was read in the source."""

    source: Text
    verified: bool
    note: str | None = Field(
        default=None, description="Why the fact is unverified, or what is still to be read."
    )


class Prompts(Frozen):
    """What an inspector looks for, what good looks like, and what should worry them."""

    look_for: list[Text] = Field(default_factory=list)
    good_looks_like: list[Text] = Field(default_factory=list)
    worries: list[Text] = Field(default_factory=list)


class ContentFile(Frozen):
    schema_version: Literal[1]
    edition: Text


# --- standards ---------------------------------------------------------------------------


class EvidenceSource(Frozen):
    id: VocabId
    label: Text


class Edition(ContentFile):
    """``standards/<edition>/edition.yaml``: the edition and its shared vocabularies."""

    kind: Literal["edition"]
    title: Text
    legislation: Text
    effective_from: date
    evidence_sources: list[EvidenceSource]
    provenance: Provenance


class Item(Frozen):
    """One checkable requirement, e.g. reg 5(2)(f)(ii)."""

    id: ItemId
    regulation: Text = Field(description='The regulation reference, e.g. "5(2)(f)(ii)".')
    title: Text
    prompts: Prompts
    evidence_sources: list[VocabId] = Field(min_length=1)
    cse_relevant: bool
    provenance: Provenance


class Regulation(ContentFile):
    """``standards/<edition>/rNN-*.yaml``: one regulation and its items."""

    kind: Literal["regulation"]
    id: ItemId
    regulation: Text = Field(description='The regulation number, e.g. "5".')
    title: Text
    group: Literal["quality_standard", "other_regulation"]
    summary: Text
    provenance: Provenance
    items: list[Item] = Field(min_length=1)


class Outcome(Frozen):
    id: VocabId
    rank: int = Field(ge=1, description="1 is the strongest outcome.")
    label: Text
    standard_sentence: Text
    next_inspection_months: int = Field(ge=1)
    meaning: Text
    provenance: Provenance


class OutcomeScale(ContentFile):
    kind: Literal["outcomes"]
    title: Text
    guidance: Text
    outcomes: list[Outcome] = Field(min_length=1)


class Theme(Frozen):
    id: VocabId
    title: Text
    prompts: list[Text] = Field(min_length=1)
    regulations: list[ItemId] = Field(
        default_factory=list, description="Regulation or item ids this theme draws on."
    )
    provenance: Provenance


class Themes(ContentFile):
    kind: Literal["themes"]
    themes: list[Theme] = Field(min_length=1)


# --- checklists --------------------------------------------------------------------------

IndicatorType = Literal["vulnerability", "warning_sign", "evidence_of_harm"]


class ChecklistItem(Frozen):
    id: ItemId
    title: Text
    indicator_type: IndicatorType | None = Field(
        default=None, description="Only for CSE indicators."
    )
    prompts: Prompts = Field(default_factory=Prompts)
    regulations: list[ItemId] = Field(
        default_factory=list, description="Standards items or regulations this item evidences."
    )
    timescale_hours: int | None = Field(
        default=None, ge=1, description="A deadline the item checks, e.g. 72 hours."
    )
    provenance: Provenance


class Checklist(ContentFile):
    kind: Literal["checklist"]
    id: VocabId
    title: Text
    applies_to: Literal["inspection", "premises", "young_person", "staff"]
    purpose: Text
    items: list[ChecklistItem] = Field(min_length=1)


class Phrase(Frozen):
    """A victim-blaming phrase pattern and what to write instead.

    Pattern syntax: words match case-insensitively on word boundaries, with a plural or
    verb ending (-s, -es, -ed, -ing) allowed on each word; ``(a|b)`` gives alternatives;
    ``{self}`` matches a reflexive pronoun (herself, himself, themselves...), ``{they}`` a
    subject pronoun, ``{them}`` an object pronoun and ``{their}`` a possessive.
    """

    id: VocabId
    patterns: list[Text] = Field(min_length=1)
    alternative: Text
    why: Text
    ask_only: bool = Field(
        default=False,
        description="True where the phrase is only wrong in some contexts (e.g. 'boyfriend' "
        "for an adult): the inspector is asked rather than told.",
    )
    provenance: Provenance


class LanguageList(ContentFile):
    kind: Literal["language"]
    title: Text
    phrases: list[Phrase] = Field(min_length=1)


CONTENT_MODELS: dict[str, type[ContentFile]] = {
    "edition": Edition,
    "regulation": Regulation,
    "outcomes": OutcomeScale,
    "themes": Themes,
    "checklist": Checklist,
    "language": LanguageList,
}
