"""The whole content of one edition, cross-checked: ids unique, references resolve."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .. import paths
from .loader import ContentError, ContentProblem, load_file
from .models import (
    Checklist,
    ChecklistItem,
    ContentFile,
    Edition,
    Item,
    LanguageList,
    Outcome,
    OutcomeScale,
    Provenance,
    Regulation,
    Themes,
)


@dataclass(frozen=True)
class Unverified:
    """A piece of content that rests on text not read in its primary source."""

    kind: str  # "regulation", "item", "checklist item", "phrase", "outcome", "theme", ...
    id: str
    provenance: Provenance

    def __str__(self) -> str:
        note = f" - {' '.join(self.provenance.note.split())}" if self.provenance.note else ""
        return f"unverified {self.kind} {self.id}: {self.provenance.source}{note}"


@dataclass(frozen=True)
class Catalogue:
    edition: Edition
    regulations: tuple[Regulation, ...]
    outcomes: OutcomeScale
    themes: Themes
    checklists: tuple[Checklist, ...]
    language: LanguageList
    _items: dict[str, Item] = field(default_factory=dict, repr=False)
    _item_regulation: dict[str, Regulation] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for reg in self.regulations:
            for item in reg.items:
                self._items[item.id] = item
                self._item_regulation[item.id] = reg

    @property
    def edition_id(self) -> str:
        return self.edition.edition

    # --- lookups -------------------------------------------------------------------------
    def items(self) -> Iterator[Item]:
        for reg in self.regulations:
            yield from reg.items

    def item(self, item_id: str) -> Item:
        try:
            return self._items[item_id]
        except KeyError:
            raise KeyError(f"no standards item with id {item_id!r}") from None

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items

    def regulation_of(self, item_id: str) -> Regulation:
        return self._item_regulation[item_id]

    def regulation(self, reg_id: str) -> Regulation:
        for reg in self.regulations:
            if reg.id == reg_id:
                return reg
        raise KeyError(f"no regulation with id {reg_id!r}")

    def quality_standards(self) -> list[Regulation]:
        return [r for r in self.regulations if r.group == "quality_standard"]

    def outcome(self, outcome_id: str) -> Outcome:
        for outcome in self.outcomes.outcomes:
            if outcome.id == outcome_id:
                return outcome
        raise KeyError(f"no outcome with id {outcome_id!r}")

    def checklist(self, checklist_id: str) -> Checklist:
        for checklist in self.checklists:
            if checklist.id == checklist_id:
                return checklist
        raise KeyError(f"no checklist with id {checklist_id!r}")

    def checklist_item(self, item_id: str) -> ChecklistItem:
        for checklist in self.checklists:
            for item in checklist.items:
                if item.id == item_id:
                    return item
        raise KeyError(f"no checklist item with id {item_id!r}")

    def evidence_label(self, source_id: str) -> str:
        for source in self.edition.evidence_sources:
            if source.id == source_id:
                return source.label
        return source_id

    def unverified(self) -> list[Unverified]:
        """Every piece of content whose primary text was not read, in content order."""
        found: list[Unverified] = []

        def add(kind: str, ident: str, prov: Provenance) -> None:
            if not prov.verified:
                found.append(Unverified(kind, ident, prov))

        add("edition", self.edition.edition, self.edition.provenance)
        for reg in self.regulations:
            add("regulation", reg.id, reg.provenance)
            for item in reg.items:
                add("item", item.id, item.provenance)
        for outcome in self.outcomes.outcomes:
            add("outcome", outcome.id, outcome.provenance)
        for theme in self.themes.themes:
            add("theme", theme.id, theme.provenance)
        for checklist in self.checklists:
            for citem in checklist.items:
                add("checklist item", citem.id, citem.provenance)
        for phrase in self.language.phrases:
            add("phrase", phrase.id, phrase.provenance)
        return found

    def known_ids(self) -> set[str]:
        ids = {r.id for r in self.regulations} | set(self._items)
        ids |= {i.id for c in self.checklists for i in c.items}
        return ids


def _sort_key(path: Path) -> str:
    return path.name


def load_catalogue(standards_dir: Path | None = None,
                   checklists_dir: Path | None = None,
                   edition: str = "sa-2023") -> Catalogue:
    """Load and cross-check one edition; raise :class:`ContentError` listing every problem."""
    standards_root = Path(standards_dir) if standards_dir else paths.standards_dir() / edition
    checklists_root = Path(checklists_dir) if checklists_dir else paths.checklists_dir()
    problems: list[ContentProblem] = []
    loaded: list[tuple[Path, ContentFile]] = []
    for folder in (standards_root, checklists_root):
        if not folder.is_dir():
            problems.append(ContentProblem(folder, None, "", "content folder not found"))
            continue
        files = sorted(folder.glob("*.yaml"), key=_sort_key)
        if not files:
            problems.append(ContentProblem(folder, None, "", "no .yaml content files"))
        for path in files:
            try:
                loaded.append((path, load_file(path)))
            except ContentError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return _assemble(loaded)


def _assemble(loaded: list[tuple[Path, ContentFile]]) -> Catalogue:
    problems: list[ContentProblem] = []

    def only(kind: type, label: str):
        found = [(p, c) for p, c in loaded if isinstance(c, kind)]
        if len(found) != 1:
            where = found[1][0] if len(found) > 1 else Path("standards")
            problems.append(ContentProblem(where, None, "", f"expected exactly one {label} file, "
                                           f"found {len(found)}"))
            return None
        return found[0][1]

    edition = only(Edition, "edition")
    outcomes = only(OutcomeScale, "outcomes")
    themes = only(Themes, "themes")
    language = only(LanguageList, "language")
    if problems:
        raise ContentError(problems)

    for path, content in loaded:
        if content.edition != edition.edition:
            problems.append(ContentProblem(path, None, "edition", f"edition {content.edition!r} "
                                           f"does not match {edition.edition!r}"))

    seen: dict[str, Path] = {}

    def claim(path: Path, ident: str) -> None:
        if ident in seen:
            problems.append(ContentProblem(path, None, f"[{ident}]",
                                           f"duplicate id (also in {seen[ident].name})"))
        seen[ident] = path

    regulations = sorted(
        ((p, c) for p, c in loaded if isinstance(c, Regulation)),
        key=lambda pc: (pc[1].group != "quality_standard", _reg_number(pc[1].regulation)))
    sources = {s.id for s in edition.evidence_sources}
    for path, reg in regulations:
        claim(path, reg.id)
        for item in reg.items:
            claim(path, item.id)
            if not item.id.startswith(reg.id + "."):
                problems.append(ContentProblem(path, None, f"[{item.id}]",
                                               f"item id does not start with {reg.id}."))
            for src in item.evidence_sources:
                if src not in sources:
                    problems.append(ContentProblem(path, None, f"[{item.id}].evidence_sources",
                                                   f"unknown evidence source {src!r}"))
    checklists = [(p, c) for p, c in loaded if isinstance(c, Checklist)]
    for path, checklist in checklists:
        claim(path, "checklist:" + checklist.id)
        for item in checklist.items:
            claim(path, item.id)
    for path, phrase_file in [(p, c) for p, c in loaded if isinstance(c, LanguageList)]:
        for phrase in phrase_file.phrases:
            claim(path, "phrase:" + phrase.id)
    for path, outcome_file in [(p, c) for p, c in loaded if isinstance(c, OutcomeScale)]:
        ranks = [o.rank for o in outcome_file.outcomes]
        if sorted(ranks) != list(range(1, len(ranks) + 1)):
            problems.append(ContentProblem(path, None, "outcomes",
                                           "ranks must run 1, 2, 3... without gaps"))

    known = set(seen)
    for path, checklist in checklists:
        for item in checklist.items:
            for ref in item.regulations:
                if ref not in known:
                    problems.append(ContentProblem(path, None, f"[{item.id}].regulations",
                                                   f"reference {ref!r} does not resolve"))
            if checklist.id == "cse-indicators" and item.indicator_type is None:
                problems.append(ContentProblem(path, None, f"[{item.id}].indicator_type",
                                               "every CSE indicator needs an indicator_type"))
    themes_path = next(p for p, c in loaded if c is themes)
    for theme in themes.themes:
        for ref in theme.regulations:
            if ref not in known:
                problems.append(ContentProblem(themes_path, None, f"[{theme.id}].regulations",
                                               f"reference {ref!r} does not resolve"))
    if problems:
        raise ContentError(problems)
    return Catalogue(
        edition=edition,
        regulations=tuple(r for _, r in regulations),
        outcomes=outcomes,
        themes=themes,
        checklists=tuple(c for _, c in sorted(checklists, key=lambda pc: pc[0].name)),
        language=language,
    )


def _reg_number(text: str) -> tuple[int, str]:
    digits = "".join(ch for ch in text if ch.isdigit())
    return (int(digits) if digits else 0, text)


@cache
def default_catalogue() -> Catalogue:
    """The bundled edition, loaded once per process."""
    return load_catalogue()
