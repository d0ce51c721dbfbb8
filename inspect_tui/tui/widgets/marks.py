"""Status marks shown in the tree and lists: a symbol and a word, never colour alone."""

from __future__ import annotations

from rich.text import Text

from ...domain.vocab import CHECK_ANSWERS, FINDING_STATUSES

FINDING_MARKS = {
    "not_assessed": ("·", "dim"),
    "met": ("✓", "green"),
    "partly_met": ("◐", "yellow"),
    "not_met": ("✗", "red"),
}
CHECK_MARKS = {
    "not_checked": ("·", "dim"),
    "yes": ("✓", "green"),
    "no": ("✗", "red"),
    "not_applicable": ("–", "dim"),
}


def finding_mark(status: str) -> Text:
    symbol, style = FINDING_MARKS.get(status, ("?", ""))
    return Text(symbol, style=style)


def check_mark(answer: str) -> Text:
    symbol, style = CHECK_MARKS.get(answer, ("?", ""))
    return Text(symbol, style=style)


def finding_label(status: str) -> str:
    return FINDING_STATUSES.get(status, status)


def check_label(answer: str) -> str:
    return CHECK_ANSWERS.get(answer, answer)
