"""Small numbers that leave the organisation: suppression that arithmetic cannot undo.

A count of 1 to 4 young people can single a child out, so copies that leave (the provider's
report, the CSE export) show it as ``*`` (*primary* suppression). Hiding it is not enough
when the reader also sees a total or the other cells that add up to it: "Female * / Male 0 /
Other 0, total 3" tells the hidden number. So counts are released with the *lines* they
belong to (cells that add up to a total, tables that share a total) and more cells are
hidden (*secondary* suppression) until no hidden count follows from what is shown.

What a reader is assumed to know, and must still not be able to work out: every visible
count, every line, that a hidden count is at least 1 (zeros are shown), and, as a harder
reader, that a hidden count may be no more than 4. A hidden count is *exposed* when a
single value fits all of that. :func:`protect` hides counts until none is;
:func:`exposed` is the check, kept separate so that a test can audit any release.

Pure, no I/O; the report (``pdf``) and the CSE export call :func:`protect`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

THRESHOLD = 5            # counts below this (and above zero) are never shown
MARK = "*"
SMALL_MAX = THRESHOLD - 1
NOTE = ("* a number from 1 to 4, or a larger number hidden so that a small one cannot be "
        "worked out from the totals; numbers are hidden so that no young person can be "
        "identified.")


@dataclass(frozen=True)
class Line:
    """``cells`` add up to ``total`` (keys of counts)."""

    cells: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class Release:
    """Counts with the ones that must not be shown: ``text(key)`` is what a copy prints."""

    values: Mapping[str, int]
    hidden: frozenset[str]
    protected: bool = True

    def text(self, key: str) -> str:
        return MARK if key in self.hidden else str(self.values[key])

    def shown(self, key: str) -> int | None:
        """The count as a reader sees it: ``None`` where hidden."""
        return None if key in self.hidden else self.values[key]


def open_release(values: Mapping[str, int]) -> Release:
    """Every count shown (a copy that stays inside the organisation)."""
    return Release(dict(values), frozenset(), protected=False)


def protect(values: Mapping[str, int], lines: Iterable[Line],
            threshold: int = THRESHOLD) -> Release:
    """Hide every count from 1 to ``threshold - 1``, then further counts until no hidden
    count can be worked out from the visible ones through ``lines``."""
    values = dict(values)
    lines = [line for line in lines if line.cells]
    for line in lines:
        missing = [k for k in (*line.cells, line.total) if k not in values]
        if missing:
            raise KeyError(f"line names an unknown count {missing[0]!r}")
        if sum(values[c] for c in line.cells) != values[line.total]:
            raise ValueError(f"the cells of {line.total!r} do not add up to it")
    primary = {k for k, v in values.items() if 0 < v < threshold}
    hidden = set(primary)
    while True:
        leaks = exposed(values, lines, hidden, first=True)
        if not leaks:
            break
        extra = _secondary(values, lines, hidden, leaks[0])
        if extra is None:
            break  # every count near it is hidden already: nothing more to hide
        hidden.add(extra)
    return Release(values, frozenset(hidden))


def _secondary(values: dict[str, int], lines: list[Line], hidden: set[str],
               leak: str) -> str | None:
    """The count to hide next: the smallest visible, non-zero count that shares a line
    with the exposed one, else one that shares a line with any hidden count."""
    def candidates(near: Iterable[Line]) -> list[str]:
        return [k for line in near for k in (*line.cells, line.total)
                if k not in hidden and values[k] > 0]

    near = candidates(line for line in lines if leak in (*line.cells, line.total))
    if not near:
        near = candidates(line for line in lines
                          if hidden & {*line.cells, line.total})
    if not near:
        return None
    return min(near, key=lambda k: (values[k], k))


def exposed(values: Mapping[str, int], lines: Iterable[Line], hidden: Iterable[str],
            *, first: bool = False) -> list[str]:
    """The hidden counts whose value follows from the visible ones, in key order (only the
    first one with ``first``).

    Every hidden count is checked against a reader who knows it is at least 1 (and, to
    keep the search finite, at most the sum of every count released, which only helps the
    reader), and against a reader who assumes every hidden count is 1 to 4: one value
    left by either is exposure.
    """
    hidden = set(hidden)
    lines = list(lines)
    equations = _equations(values, lines, hidden)
    cap = sum(values.values()) + THRESHOLD
    wide = {k: (1, cap) for k in hidden}
    narrow = {k: (1, SMALL_MAX) for k in hidden}
    component = _components(equations)
    leaks = []
    for key in sorted(hidden):
        value = values[key]
        if key not in component:
            continue  # in no line with anything hidden: only its own bounds, never one value
        # Only the lines that reach this count: another part of the tables, infeasible
        # under one reader's assumption, must not hide what this part gives away.
        near = component[key]
        names = {k for terms, _ in near for k, _ in terms}
        if (_determined(near, {k: wide[k] for k in names}, key, value, values)
                or _one_value(near, {k: narrow[k] for k in names}, key, values)):
            leaks.append(key)
            if first:
                break
    return leaks


# --- the search: integer feasibility of sum(±x) = c with bounds ---------------------------

Equation = tuple[tuple[tuple[str, int], ...], int]   # ((key, +1|-1), ...), constant


def _equations(values: Mapping[str, int], lines: list[Line], hidden: set[str]
               ) -> list[Equation]:
    """Each line as ``sum(cells) - total = 0`` over the hidden counts, visible ones moved
    to the constant; lines with nothing hidden say nothing and are dropped."""
    out = []
    for line in lines:
        terms = [(k, 1) for k in line.cells] + [(line.total, -1)]
        unknown = tuple((k, s) for k, s in terms if k in hidden)
        if unknown:
            constant = -sum(s * values[k] for k, s in terms if k not in hidden)
            out.append((unknown, constant))
    return out


def _components(equations: list[Equation]) -> dict[str, list[Equation]]:
    """For each hidden count, the equations of the connected part of the tables it is in."""
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for terms, _ in equations:
        first = find(terms[0][0])
        for k, _ in terms[1:]:
            parent[find(k)] = first
    groups: dict[str, list[Equation]] = {}
    for equation in equations:
        groups.setdefault(find(equation[0][0][0]), []).append(equation)
    return {k: groups[find(k)] for k in parent}


def _determined(equations: list[Equation], bounds: dict[str, tuple[int, int]], key: str,
                value: int, truth: Mapping[str, int]) -> bool:
    """True when ``value`` is the only value of ``key`` that some assignment allows
    (and it is allowed: a reader whose assumption the truth breaks learns nothing)."""
    if not _feasible(equations, {**bounds, key: (value, value)}, truth):
        return False
    lo, hi = bounds[key]
    return not (_feasible(equations, {**bounds, key: (value + 1, hi)}, truth)
                or _feasible(equations, {**bounds, key: (lo, value - 1)}, truth))


def _one_value(equations: list[Equation], bounds: dict[str, tuple[int, int]], key: str,
               truth: Mapping[str, int]) -> bool:
    """True when the bounds leave ``key`` a single possible value. Used for the reader who
    takes every * as 1 to 4: a single answer is a disclosure even where the assumption is
    wrong for a hidden count above 4 (the reader cannot tell, and may act on it)."""
    lo, hi = bounds[key]
    possible = [v for v in range(lo, hi + 1)
                if _feasible(equations, {**bounds, key: (v, v)}, truth)]
    return len(possible) == 1


def _feasible(equations: list[Equation], bounds: dict[str, tuple[int, int]],
              truth: Mapping[str, int]) -> bool:
    """Is there an integer assignment within ``bounds`` that satisfies every equation?
    Values near the true ones are tried first: another assignment, where there is one,
    is usually a small step from the truth."""
    domains = _propagate(equations, dict(bounds))
    if domains is None:
        return False
    open_keys = [k for k, (lo, hi) in domains.items() if lo < hi]
    if not open_keys:
        return all(sum(s * domains[k][0] for k, s in terms) == c for terms, c in equations)
    key = min(open_keys, key=lambda k: domains[k][1] - domains[k][0])
    lo, hi = domains[key]
    guess = min(max(truth[key], lo), hi)
    parts = [(guess, guess), (guess + 1, hi), (lo, guess - 1)]
    return any(_feasible(equations, {**domains, key: part}, truth)
               for part in parts if part[0] <= part[1])


_WATCH: dict[int, tuple[list[Equation], dict[str, list[int]]]] = {}


def _watch(equations: list[Equation]) -> dict[str, list[int]]:
    """Which equations each key is in (kept for the one list being searched)."""
    cached = _WATCH.get(id(equations))
    if cached is not None and cached[0] is equations:
        return cached[1]
    watch: dict[str, list[int]] = {}
    for index, (terms, _) in enumerate(equations):
        for k, _ in terms:
            watch.setdefault(k, []).append(index)
    _WATCH.clear()
    _WATCH[id(equations)] = (equations, watch)
    return watch


def _propagate(equations: list[Equation], domains: dict[str, tuple[int, int]]
               ) -> dict[str, tuple[int, int]] | None:
    """Narrow the bounds until nothing changes; ``None`` when some bound is empty."""
    if any(lo > hi for lo, hi in domains.values()):
        return None
    watch = _watch(equations)
    queue = list(range(len(equations)))
    queued = set(queue)
    while queue:
        index = queue.pop()
        queued.discard(index)
        terms, constant = equations[index]
        low = sum(domains[k][0] if s > 0 else -domains[k][1] for k, s in terms)
        high = sum(domains[k][1] if s > 0 else -domains[k][0] for k, s in terms)
        if not low <= constant <= high:
            return None
        for k, s in terms:
            lo, hi = domains[k]
            # s * x = constant - (the other terms), whose range is known.
            if s > 0:
                new = (max(lo, constant - (high - hi)), min(hi, constant - (low - lo)))
            else:
                new = (max(lo, (low + hi) - constant), min(hi, (high + lo) - constant))
            if new == (lo, hi):
                continue
            if new[0] > new[1]:
                return None
            domains[k] = new
            for other in watch[k]:
                if other not in queued:
                    queued.add(other)
                    queue.append(other)
    return domains
