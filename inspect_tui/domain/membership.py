"""Need-to-know: who may hold and write an inspection.

An inspection's members are the inspector who created it, its lead inspector and team,
and the managers who review it (``reviewers``). A member's devices receive the
inspection and may write to it; nobody else's do. A manager also sees the inspections of
the team set for them on the hub; a manager with no team set (a head of service, or by
default) sees every inspection. Names are compared as people type them: case and runs of
spaces do not matter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def normalise(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list | tuple):
        return tuple(v for v in value if isinstance(v, str) and v.strip())
    return ()


@dataclass(frozen=True)
class Members:
    creator: str | None = None
    lead_inspector: str | None = None
    team: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()

    @classmethod
    def from_fields(cls, fields: Mapping[str, object]) -> Members:
        creator = _names(fields.get("creator"))
        lead = _names(fields.get("lead_inspector"))
        return cls(creator[0] if creator else None, lead[0] if lead else None,
                   _names(fields.get("team")), _names(fields.get("reviewers")))

    def everyone(self) -> list[str]:
        """Every member once, in the order a screen lists them."""
        seen: dict[str, str] = {}
        for name in (self.lead_inspector, *self.team, self.creator, *self.reviewers):
            if name and normalise(name) not in seen:
                seen[normalise(name)] = name
        return list(seen.values())

    def names(self) -> frozenset[str]:
        return frozenset(normalise(n) for n in self.everyone())

    def inspectors(self) -> frozenset[str]:
        return frozenset(normalise(n) for n in (self.creator, self.lead_inspector, *self.team)
                         if n)


def may_access(user: str, role: str, members: Members,
               manager_team: Iterable[str] | None = None) -> bool:
    """May ``user`` (in ``role``) hold and write this inspection?

    ``manager_team``: the normalised names of a manager's team; None for a manager who
    sees every inspection (ignored for an inspector).
    """
    if normalise(user) in members.names():
        return True
    if role != "manager":
        return False
    if manager_team is None:
        return True
    return bool(members.inspectors() & frozenset(manager_team))


def with_member(members: Members, name: str, role: str) -> tuple[list[str], list[str]]:
    """(team, reviewers) after adding ``name``: a manager reviews, anyone else is team."""
    team, reviewers = list(members.team), list(members.reviewers)
    target = reviewers if role == "manager" else team
    if normalise(name) not in {normalise(n) for n in target}:
        target.append(" ".join(name.split()))
    return team, reviewers


def without_member(members: Members, name: str) -> tuple[list[str], list[str]]:
    """(team, reviewers) after removing ``name`` (the lead inspector stays the lead)."""
    key = normalise(name)
    return ([n for n in members.team if normalise(n) != key],
            [n for n in members.reviewers if normalise(n) != key])
