"""Load and validate the content folders into a :class:`Catalogue`.

Every problem becomes a :class:`ContentProblem` naming the file, the line and the field,
so that ``inspect-tui standards validate`` can print one line per problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from .models import (
    CONTENT_MODELS,
    SCHEMA_VERSION,
    ContentFile,
)


@dataclass(frozen=True)
class ContentProblem:
    file: Path
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else str(self.file)
        where = f" {self.where}:" if self.where else ""
        return f"{place}:{where} {self.message}"


class ContentError(Exception):
    """Raised with every problem found, so none hides behind the first."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _line_of(node: yaml.Node | None, loc: Iterable[str | int]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a line number."""
    best = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                key = next((k for k, _ in node.value), None)
                return best if key is None else best
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return best
            node = node.value[part]
        else:
            return best
        best = node.start_mark.line + 1
    return best


def _describe_loc(data: object, loc: tuple[str | int, ...]) -> str:
    """``items[3].prompts`` -> ``item sa2023.r5.2.a.i: prompts`` where an id is known."""
    parts: list[str] = []
    cursor = data
    for part in loc:
        if isinstance(part, int) and isinstance(cursor, list) and part < len(cursor):
            cursor = cursor[part]
            ident = cursor.get("id") if isinstance(cursor, dict) else None
            parts.append(f"[{ident}]" if ident else f"[{part}]")
            continue
        parts.append(f".{part}" if parts else str(part))
        cursor = cursor.get(part) if isinstance(cursor, dict) else None
    return "".join(parts)


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=_SAFE_LOADER)


def load_file(path: Path) -> ContentFile:
    """Parse and validate one content file, or raise :class:`ContentError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([ContentProblem(path, None, "", f"cannot read: {exc}")]) from None
    try:
        # libyaml when present: 20x faster than the pure-Python parser, which made opening
        # the UI wait ~300 ms. The node tree (for line numbers) is composed only on a problem.
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError([ContentProblem(path, line, "", f"malformed YAML: {problem}")]) from None
    if not isinstance(data, dict):
        raise ContentError([ContentProblem(path, 1, "", "expected a mapping at the top level")])
    kind = data.get("kind")
    model = CONTENT_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        known = ", ".join(sorted(CONTENT_MODELS))
        raise ContentError([ContentProblem(path, _line_of(_compose(text), ["kind"]), "kind",
                                           f"unknown kind {kind!r} (expected one of {known})")])
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ContentError([ContentProblem(
            path, _line_of(_compose(text), ["schema_version"]), "schema_version",
            f"schema_version {data.get('schema_version')!r} is not supported "
            f"(this version reads {SCHEMA_VERSION})")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        node = _compose(text)
        problems = [
            ContentProblem(path, _line_of(node, err["loc"]), _describe_loc(data, err["loc"]),
                           err["msg"])
            for err in exc.errors()
        ]
        raise ContentError(problems) from None
