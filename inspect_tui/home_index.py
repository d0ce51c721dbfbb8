"""The home list before the service is loaded: the UI's light first paint.

Importing :mod:`inspect_tui.service` (pydantic, the catalogue's models, the checks) takes
most of the UI's start-up, so the home screen first shows the summaries cached in the
store by the last full computation, with the profile and the sync line read from the
store's meta, and recomputes the list with the service afterwards (:func:`refresh`).
Imports only :mod:`inspect_tui.store` (sqlite3).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .store import EventStore
from .store.cache import read_home_cache, write_home_cache

if TYPE_CHECKING:
    from .service import Service


@dataclass(frozen=True)
class Profile:
    name: str
    role: str
    device: str


@dataclass(frozen=True)
class InspectionSummary:
    id: str
    provider: str
    urn: str
    type: str
    start_date: str
    end_date: str
    status: str
    archived: bool
    progress: int
    problems: int
    conflicts: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


_SUMMARY_FIELDS = {f.name for f in fields(InspectionSummary)}


def open_store(db_path: Path | str) -> EventStore:
    """Open (and migrate) the database, for :class:`HomeIndex` and then the service."""
    return EventStore(db_path)


def read_profile(store: EventStore) -> Profile | None:
    name = store.get_meta("profile_name")
    role = store.get_meta("profile_role")
    if not name or not role:
        return None
    return Profile(name, role, store.device)


class HomeIndex:
    """Reads for the home screen's first paint, straight from the store. ``store`` is
    also what :func:`inspect_tui.sync.client.status` reads the sync line from."""

    def __init__(self, store: EventStore):
        self.store = store

    def profile(self) -> Profile | None:
        return read_profile(self.store)

    def cached(self) -> list[InspectionSummary]:
        """The summaries as last computed (possibly stale), in the list's order."""
        result = []
        for row in read_home_cache(self.store):
            if set(row) != _SUMMARY_FIELDS:
                continue
            try:
                result.append(InspectionSummary(**row))
            except TypeError:
                continue
        return result


def refresh(service: Service, include_archived: bool = True
            ) -> tuple[list[InspectionSummary], bool]:
    """Compute the summaries with the service and write them to the cache if they differ
    from it; return them and whether they changed."""
    summaries = service.summaries(include_archived=True)
    index = HomeIndex(service.store)
    changed = summaries != index.cached()
    if changed:
        write_home_cache(service.store, [s.as_dict() for s in summaries])
    if not include_archived:
        summaries = [s for s in summaries if not s.archived]
    return summaries, changed
