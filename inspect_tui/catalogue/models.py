"""Frozen pydantic models of the content files (standards, checklists, outcome scale, themes).

Every content file carries ``schema_version`` and ``edition`` so that an inspection made
with one edition keeps rendering against it after the framework changes.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION = 1

ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(\.[a-z0-9-]+)+$")]
VocabId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

ITEM_ID_RE = re.compile(r"^[a-z0-9]+(\.[a-z0-9-]+)+$")


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(Frozen):
    """Where a piece of content comes from, and whether the fact was read in the source.

    ``verified`` means the primary text was read, so a verified fact names where
    (``cited``); an unverified one says why (``note``). ``inspect-tui standards validate
    --strict`` lists every unverified item.
    """

    source: Text
    verified: bool
    cited: str | None = Field(
        default=None, description="Where the primary text was read: its address, or the "
        "document and paragraph. Required when verified.")
    note: str | None = Field(
        default=None, description="Why the fact is unverified, or what is still to be read."
    )

    @model_validator(mode="after")
    def _says_where_or_why(self) -> Provenance:
        if self.verified and not (self.cited or "").strip():
            raise ValueError("verified: true needs 'cited' (where the primary text was read)")
        if not self.verified and not (self.note or "").strip():
            raise ValueError("verified: false needs a 'note' saying what is not yet read")
        return self


Basis = Literal["regulation", "guidance"]


class Timescale(Frozen):
    """A time limit an item checks, and whether the law or guidance sets it. Ofsted's
    "within 24 hours where possible" is guidance; the regulation says "without delay"."""

    says: Text = Field(description='The limit in words, e.g. "without delay".')
    hours: int | None = Field(default=None, ge=1, description="The limit in hours, if any.")
    basis: Basis
    source: Text


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
    timescales: list[Timescale] = Field(
        default_factory=list, description="Time limits, each marked law or guidance.")
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
    timescales: list[Timescale] = Field(
        default_factory=list, description="Time limits, each marked law or guidance; an item "
        "with timescale_hours has one with those hours.")
    safeguarding_enquiry: bool = Field(
        default=False, description="CSE indicators only: present, it calls for a safeguarding "
        "enquiry (a referral) though it is not by itself evidence of exploitation.")
    provenance: Provenance

    @model_validator(mode="after")
    def _timescale_has_basis(self) -> ChecklistItem:
        if self.timescale_hours and not any(t.hours == self.timescale_hours
                                            for t in self.timescales):
            raise ValueError(f"timescale_hours {self.timescale_hours}: add a timescales entry "
                             "with these hours and its basis (regulation or guidance)")
        return self


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
    verb ending (-s, -es, -ed, -ing) allowed on each word, and up to ``max_gap`` other words
    between two parts ("risky behaviour" matches "risky sexual behaviour"); ``(a|b)`` gives
    alternatives (its words match side by side);
    ``{self}`` matches a reflexive pronoun (herself, himself, themselves...), ``{they}`` a
    subject pronoun, ``{them}`` an object pronoun and ``{their}`` a possessive.
    """

    id: VocabId
    patterns: list[Text] = Field(min_length=1)
    alternative: Text
    why: Text
    max_gap: int = Field(default=2, ge=0, le=2,
                         description="How many words may stand between two parts.")
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
