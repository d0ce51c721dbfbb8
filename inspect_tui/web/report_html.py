"""The report as accessible HTML, from the same snapshot the PDF is rendered from.

Generic over the snapshot's models, so a section the report gains is shown here without a
change: each section of the report definition is a ``<section>`` with an ``<h2>``; a list
of records is a ``<table>`` with a caption and ``<th scope="col">`` headers; a single
record is a two-column table with ``<th scope="row">`` labels; a record that holds lists
of its own gets a heading of its own. Every value is escaped.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from markupsafe import Markup, escape
from pydantic import BaseModel

from ..pdf.definition import SectionId
from ..pdf.snapshot import ReportSnapshot

# Where each section of the report definition finds its content in the snapshot.
SECTION_FIELDS = {"evaluation": ("themes",)}
# Snapshot fields that describe the report rather than the inspection.
NOT_CONTENT = {"snapshot_version", "title", "subject", "author", "handling_marking",
               "handling_note", "audience", "audience_label", "omitted", "watermark",
               "sections", "wording"}
# Internal keys and flags a reader does not need (ids are in the URL and the PDF already).
HIDDEN = {"id", "item_id", "status", "judgement", "rank", "final", "start_date", "end_date",
          "group"}
LABELS = {"urn": "URN", "ref": "Reference", "cse_relevant": "CSE relevant",
          "case_codes": "Young people", "status_label": "Status", "at": "When", "by": "By",
          "digest": "SHA-256 digest", "guide_ref": "Guide reference"}
TITLE_FIELDS = ("title", "label", "case_code", "regulation")
MAX_HEADING = 6


_CODE = re.compile(r"^[a-z]+(_[a-z]+)+$")  # a vocabulary key such as ``young_person``
_ACRONYMS = re.compile(r"\b(Cse|cse|Urn|urn|Pdf|pdf)\b")


def label(name: str) -> str:
    text = LABELS.get(name, name.replace("_", " ").capitalize())
    return _ACRONYMS.sub(lambda m: m.group(1).upper(), text)


def _text(value: Any) -> Markup:
    if value is None or value == "":
        return Markup('<span class="none">Not recorded</span>')
    if isinstance(value, bool):
        return Markup("Yes" if value else "No")
    if isinstance(value, list | tuple):
        if not value:
            return Markup('<span class="none">None</span>')
        return Markup(", ").join(_text(v) for v in value)
    if isinstance(value, dict):
        if not value:
            return Markup('<span class="none">None</span>')
        return Markup("; ").join(Markup("{}: {}").format(label(str(k)), _text(v))
                                 for k, v in value.items())
    if isinstance(value, str) and _CODE.match(value):
        return escape(value.replace("_", " "))
    return escape(str(value))


def _fields(model: BaseModel) -> list[tuple[str, Any]]:
    return [(name, getattr(model, name)) for name in type(model).model_fields
            if name not in HIDDEN]


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], BaseModel)


def _nested(value: Any) -> bool:
    return isinstance(value, BaseModel) or _is_records(value)


def _heading(level: int, text: str) -> Markup:
    level = min(level, MAX_HEADING)
    return Markup("<h{0}>{1}</h{0}>").format(level, text)


def _title(model: BaseModel) -> str:
    for name in TITLE_FIELDS:
        value = getattr(model, name, None)
        if isinstance(value, str) and value:
            if name == "regulation" and getattr(model, "title", ""):
                return f"Reg {value}: {model.title}"
            return value
    return type(model).__name__


def _caption(text: str, shown: bool) -> Markup:
    """A table's caption; kept for screen readers only where a heading just said it."""
    return Markup('<caption{}>{}</caption>').format(
        Markup("") if shown else Markup(' class="visually-hidden"'), text)


def records_table(rows: list[BaseModel], caption: str, shown: bool = True) -> Markup:
    columns = [name for name, value in _fields(rows[0]) if not _nested(value)]
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(label(c)) for c in columns)
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(Markup("").join(
            Markup("<td>{}</td>").format(_text(getattr(row, c))) for c in columns))
        for row in rows)
    return Markup('<div class="table-wrap" tabindex="0" role="region" aria-label="{0}">'
                  "<table>{1}<thead><tr>{2}</tr></thead><tbody>{3}</tbody></table></div>"
                  ).format(caption, _caption(caption, shown), head, body)


def record_table(model: BaseModel, caption: str, shown: bool = True,
                 skip: frozenset[str] = frozenset()) -> Markup:
    rows = [(name, value) for name, value in _fields(model)
            if not _nested(value) and name not in skip]
    if not rows:
        return Markup("")
    body = Markup("").join(Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(
        label(name), _text(value)) for name, value in rows)
    return Markup('<table class="record">{}<tbody>{}</tbody></table>'
                  ).format(_caption(caption, shown), body)


def block(value: Any, name: str, level: int, *, headed: bool = False,
          skip: frozenset[str] = frozenset()) -> Markup:
    """One snapshot value under heading ``level``; ``headed``: a heading just named it."""
    title = label(name) if name.islower() else name  # a field's name, or a title already
    if isinstance(value, BaseModel):
        parts = [record_table(value, title, not headed, skip)]
        for sub, sub_value in _fields(value):
            if _nested(sub_value):
                parts.append(_heading(level, label(sub)))
                parts.append(block(sub_value, sub, level + 1, headed=True))
        return Markup("").join(parts)
    if _is_records(value):
        if any(_nested(v) for _, v in _fields(value[0])):
            parts = []
            for row in value:
                parts.append(_heading(level, _title(row)))
                parts.append(block(row, _title(row), level + 1, headed=True,
                                   skip=frozenset(TITLE_FIELDS)))
            return Markup("").join(parts)
        return records_table(value, title, not headed)
    if isinstance(value, list):
        if not value:
            return Markup('<p class="none">None recorded.</p>')
        if isinstance(value[0], tuple | list):
            return Markup("<ul>{}</ul>").format(Markup("").join(
                Markup("<li>{}</li>").format(_text(v)) for v in value))
        return Markup("<ul>{}</ul>").format(Markup("").join(
            Markup("<li>{}</li>").format(_text(v)) for v in value))
    return Markup("<p>{}</p>").format(_text(value))


def report_sections(snapshot: ReportSnapshot) -> list[dict[str, Any]]:
    """The report's sections in the definition's order, each {id, title, intro, html}."""
    used: set[str] = set()
    sections = []
    for section in snapshot.sections:
        names = tuple(n for n in SECTION_FIELDS.get(section.id, (section.id,))
                      if n in type(snapshot).model_fields)
        used.update(names)
        if not names:
            continue
        if len(names) == 1:
            html = block(getattr(snapshot, names[0]), section.title, 4, headed=True)
        else:
            html = Markup("").join(
                _heading(4, label(n)) + block(getattr(snapshot, n), n, 5, headed=True)
            for n in names)
        sections.append({"id": section.id, "title": section.title, "intro": section.intro,
                         "html": html})
    # Content the definition has no section for yet is still shown, never dropped (what
    # an audience leaves out is a section of the definition, so it stays out).
    known = {n for sid in get_args(SectionId) for n in SECTION_FIELDS.get(sid, (sid,))}
    for name in type(snapshot).model_fields:
        if name in NOT_CONTENT or name in used or name in known:
            continue
        sections.append({"id": name, "title": label(name), "intro": "",
                         "html": block(getattr(snapshot, name), name, 4, headed=True)})
    return sections
