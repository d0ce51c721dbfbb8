"""Need-to-know at the hub: which inspections a device's user may receive and write.

The rule is :func:`inspect_tui.domain.membership.may_access`; this module applies it to
enrolled devices. A device may also write to:

- an inspection the hub holds nothing of (it is creating it: its user becomes the
  creator, a member from then on);
- an inspection it was told at its last sync it may hold, though its user has since lost
  it: those are edits made before it could know, and they must reach the hub before the
  laptop removes its copy (it is told at the pull that follows the push).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..domain.membership import Members, may_access, with_member, without_member
from ..store import Edit, EventStore
from ..store import members as queries
from ..store.sync import Device, DeviceRegistry
from .errors import PolicyError, SyncError

HUB_AUTHOR = "hub administrator"


class Membership:
    def __init__(self, store: EventStore):
        self.store = store

    def scope(self, device: Device) -> frozenset[str] | None:
        """The inspections ``device`` may hold; None: every one (a manager with no team)."""
        return self.scope_for(device.name, device.role)

    def scope_for(self, name: str, role: str) -> frozenset[str] | None:
        """:meth:`scope` for a person (a manager signed in to the review site, say)."""
        team = queries.manager_team(self.store, name) if role == "manager" else None
        if role == "manager" and team is None:
            return None
        return frozenset(iid for iid, m in queries.members(self.store).items()
                         if may_access(name, role, m, team))

    def admit(self, device: Device, rows: Iterable[Any], creating: set[str]) -> None:
        """Refuse the batch if any event is for an inspection ``device`` may not write.

        Inspections it is the first to send are added to ``creating`` (and allowed in the
        rest of the batch); once the batch is merged, :meth:`created` makes its user
        their creator. Nothing is written here: a bundle is checked inside its merge.
        """
        touched = {row[1] for row in rows if row[8] == device.device} - creating
        if not touched:
            return
        scope = self.scope(device)
        if scope is None:
            allowed = touched
        else:
            told = queries.told_scope(self.store, device.device) or frozenset()
            allowed = touched & (scope | told)
        new = queries.unknown_inspections(self.store, touched - allowed)
        refused = touched - allowed - new
        if refused:
            raise PolicyError(f"{device.name} is not a member of inspection "
                              f"{sorted(refused)[0]}: ask its manager to add you "
                              "(the batch was refused whole)")
        creating |= queries.unknown_inspections(self.store, touched)

    def created(self, device: Device, creating: set[str]) -> None:
        if creating:
            queries.note_origin(self.store, creating, device.device, device.name)

    def told(self, device: Device, scope: frozenset[str] | None) -> None:
        queries.set_told_scope(self.store, device.device, scope)

    def members(self, inspection_id: str) -> Members:
        return queries.members(self.store, [inspection_id]).get(inspection_id, Members())

    # --- set on the hub ------------------------------------------------------------------
    def assign(self, inspection_id: str, names: list[str], registry: DeviceRegistry,
               remove: bool = False) -> Members:
        """Add (or remove) people as members, as events from the hub's own device so the
        change syncs like any edit. A manager is added as a reviewer, anyone else to the
        team; each name must be someone enrolled here."""
        if inspection_id not in queries.held_inspections(self.store):
            raise SyncError(f"no inspection {inspection_id!r} at this hub")
        roles = {d.name.casefold(): (d.name, d.role) for d in registry.all()}
        current = self.members(inspection_id)
        for raw in names:
            found = roles.get(" ".join(raw.split()).casefold())
            if found is None:
                raise SyncError(f"nobody called {raw!r} is enrolled at this hub "
                                "(see `inspect-tui hub devices`)")
            name, role = found
            if remove:
                if name.casefold() in {n.casefold() for n in
                                       (current.creator, current.lead_inspector) if n}:
                    raise SyncError(f"{name} created or leads inspection {inspection_id} "
                                    "and stays a member")
                team, reviewers = without_member(current, name)
            else:
                team, reviewers = with_member(current, name, role)
            current = Members(current.creator, current.lead_inspector, tuple(team),
                              tuple(reviewers))
        edits = [Edit(inspection_id, "inspection", inspection_id, "team", list(current.team)),
                 Edit(inspection_id, "inspection", inspection_id, "reviewers",
                      list(current.reviewers))]
        self.store.record(edits, HUB_AUTHOR)
        return current

    def set_team(self, manager: str, inspectors: list[str]) -> None:
        queries.set_manager_team(self.store, manager, inspectors)
