"""What the setting must and should do, and the evaluation as prose per theme."""

from __future__ import annotations

from .base import Context, Snap, long_date, regulation_ref


class ActionRow(Snap):
    regulation: str
    regulation_title: str
    text: str
    due_date: str = ""
    guide_ref: str = ""


class Improvements(Snap):
    requirements: list[ActionRow]
    recommendations: list[ActionRow]


class ThemeText(Snap):
    id: str
    title: str
    text: str


def build_improvements(ctx: Context) -> Improvements:
    requirements, recommendations = [], []
    for action in ctx.doc.actions:
        ref, title = regulation_ref(ctx.catalogue, action.regulation)
        row = ActionRow(regulation=ref, regulation_title=title, text=action.text,
                        due_date=long_date(action.due_date) if action.due_date else "",
                        guide_ref=action.guide_ref)
        (requirements if action.kind == "requirement" else recommendations).append(row)
    return Improvements(requirements=requirements, recommendations=recommendations)


def build_themes(ctx: Context) -> list[ThemeText]:
    return [ThemeText(id=t.id, title=t.title, text=ctx.doc.outcome.rationale.get(t.id, ""))
            for t in ctx.catalogue.themes.themes]
