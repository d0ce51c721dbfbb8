"""Where a "go to" target leads.

The review list's problems name a place in the record (``Problem.where``): ``item:ID``,
``action:ID``, ``young_person:ID``, ``cse:YOUNG_PERSON#tab``, ``outcome``,
``rationale:THEME``, ``conflicts``, ``setting:FIELD``. This is the one reading of those
names; the workspace keeps one handler per kind (:meth:`WorkspaceScreen.routes`), so a new
kind of place is added here and there, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

KINDS = frozenset({"item", "action", "young_person", "cse", "outcome", "rationale",
                   "conflicts", "setting"})


@dataclass(frozen=True)
class Target:
    kind: str
    ident: str = ""
    tab: str = ""  # for ``cse``: the tab to open, e.g. ``tab-missing``


def parse(where: str | None) -> Target | None:
    """The place ``where`` names, or None for an empty or unknown one (a problem from a
    newer edition of the content that this version cannot show: nothing happens)."""
    if not where:
        return None
    kind, _, ident = where.partition(":")
    if kind not in KINDS:
        return None
    tab = ""
    if kind == "cse":
        ident, _, tab = ident.partition("#")
    return Target(kind, ident, tab)


def route(where: str | None, routes: Mapping[str, Callable[[Target], None]]) -> bool:
    """Go to ``where`` with the handler for its kind; False if it names no place."""
    target = parse(where)
    handler = routes.get(target.kind) if target else None
    if handler is None or target is None:
        return False
    handler(target)
    return True
