"""Tab 1: the ``cse-indicators`` checklist for this young person, one row per indicator,
with the answer, the date noted and the source in the form under the list."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ....domain.cse.models import INDICATOR_ANSWERS, IndicatorRecord
from ...widgets.list_form import Field, ListFormPane, domain_message

TYPE_SHORT = {"vulnerability": "vuln", "warning_sign": "sign", "evidence_of_harm": "HARM"}
TYPE_LABELS = {"vulnerability": "vulnerability", "warning_sign": "warning sign",
               "evidence_of_harm": "evidence of harm"}
ANSWER_KEYS = {"p": "present", "n": "not_present", "k": "not_known"}
# The indicator column takes what the other columns leave (type, answer, date, source and
# the table's padding and scroll bar need about 46 cells), never less than 34 cells.
OTHER_COLUMNS = 46
MIN_TITLE = 34


def clipped(text: str, width: int) -> str:
    """``text`` in ``width`` cells, a cut one ending in an ellipsis so that it reads as cut
    (the form under the list names the highlighted row in full)."""
    return text if len(text) <= width else text[: width - 1] + "…"


class IndicatorsPane(ListFormPane):
    NOUN = "indicator"
    COLUMNS = ("Type", "Indicator", "Answer", "Noted", "Source")
    FIELDS = (
        (Field("answer", "Answer", "keyed", INDICATOR_ANSWERS, ANSWER_KEYS),),
        (Field("noted_on", "Noted on", "date"),
         Field("source", "Source (e.g. case-records)", max_length=200)),
    )
    ADDS = False
    TABLE_CLASSES = ""
    _title_width = MIN_TITLE

    def on_resize(self) -> None:
        width = max(MIN_TITLE, self.size.width - OTHER_COLUMNS)
        if width != self._title_width:
            self._title_width = width
            if self.table.row_count:  # rows shown already: redraw their cells
                for item in self.rows():
                    self.refresh_row(item)

    @property
    def cse(self) -> Any:
        return self.screen

    def show_record(self, keep_focused: bool = False) -> None:
        self.read_only = self.cse.read_only
        self.show(keep_focused=keep_focused)

    def home_widget(self) -> Any:
        return self.table

    def first_field(self) -> Any:
        return self.form.first()

    # --- rows ------------------------------------------------------------------------------
    def rows(self) -> list[Any]:
        return self.cse.items

    def answer(self, item_id: str) -> tuple[IndicatorRecord | None, bool]:
        """The indicator's record and whether it comes from the old generic checklist."""
        rec = self.cse.record.indicators.get(item_id)
        if rec is not None:
            return rec, False
        legacy = self.cse.legacy.get(item_id)
        return legacy, legacy is not None

    def cells(self, item: Any) -> tuple[Any, ...]:
        rec, legacy = self.answer(item.id)
        answer = INDICATOR_ANSWERS[rec.answer] if rec else "—"
        if legacy:
            answer += " (checklist)"
        return (TYPE_SHORT.get(item.indicator_type or "", ""),
                clipped(item.title, self._title_width), answer,
                rec.noted_on.isoformat() if rec and rec.noted_on else "",
                clipped(rec.source if rec else "", 12))

    def title(self, item: Any) -> str:
        kind = TYPE_LABELS.get(item.indicator_type or "", "")
        return f"{item.title}" + (f" ({kind})" if kind else "")

    def values(self, item: Any) -> dict[str, Any]:
        rec, _legacy = self.answer(item.id)
        if rec is None:
            return {}
        return {"answer": rec.answer,
                "noted_on": rec.noted_on.isoformat() if rec.noted_on else None,
                "source": rec.source}

    # --- changes ---------------------------------------------------------------------------
    def propose(self, item: Any, name: str, value: Any) -> tuple[Any, str]:
        rec, _legacy = self.answer(item.id)
        current = rec.model_dump() if rec else {}
        try:
            return IndicatorRecord.model_validate({**current, name: value}), ""
        except ValidationError as exc:
            return None, domain_message(exc)

    def save(self, item: Any, name: str, value: Any, typing: bool) -> None:
        rec, legacy = self.answer(item.id)
        changes = {name: value}
        if legacy and rec is not None and name != "answer":
            # The first edit here carries the checklist's answer into the CSE record.
            changes["answer"] = rec.answer
        iid, yp, item_id = self.cse.iid, self.cse.yp_id, item.id
        self.cse.save(("ind", item_id, name), lambda s: s.cse.set_indicator(
            iid, yp, item_id, fold=typing, **changes), typing)
        proposed, _ = self.propose(item, name, value)
        if proposed is not None:
            if legacy and "answer" in changes:
                proposed = proposed.model_copy(update={"answer": changes["answer"]})
            self.cse.record.indicators[item_id] = proposed
        self.cse.changed()
