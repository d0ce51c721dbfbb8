"""The home list before the service is loaded: the UI's light first paint.

Importing :mod:`inspect_tui.service` (pydantic, the catalogue's models, the checks) takes
most of the UI's start-up, so the home screen first shows the summaries cached in the
store by the last full computation, with the profile and the sync line read from the
store's meta. When that cache is not complete and current, the list is recomputed with
the service afterwards (:func:`refresh`); otherwise the service is loaded only when
first needed.
Imports only :mod:`inspect_tui.store` (sqlite3).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .store import EventStore
from .store.cache import data_stamp, read_home_cache, write_home_cache

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
        """The cached summaries, in the list's order."""
        return self.cached_state()[0]

    def cached_state(self) -> tuple[list[InspectionSummary], bool]:
        """The cached summaries, and whether they are complete and current: one for each
        inspection in the store, computed by this version (whose content decides the
        progress and the problems). A change to an inspection drops its line (a trigger
        in the store), so a line present is never older than the inspection."""
        result = []
        current = True
        for line in read_home_cache(self.store):
            row = line.get("summary")
            if (line.get("version") != __version__ or not isinstance(row, dict)
                    or set(row) != _SUMMARY_FIELDS):
                current = False
                continue
            try:
                result.append(InspectionSummary(**row))
            except TypeError:
                current = False
        if current:
            ids = [s.id for s in result]
            current = len(set(ids)) == len(ids) and set(ids) == set(self.store.inspection_ids())
        return result, current


def refresh(service: Service, include_archived: bool = True
            ) -> tuple[list[InspectionSummary], bool]:
    """Compute the summaries with the service and write them to the cache if they differ
    from it; return them and whether they changed."""
    stamp = data_stamp(service.store)
    summaries = service.summaries(include_archived=True)
    cached, current = HomeIndex(service.store).cached_state()
    changed = summaries != cached
    if changed or not current:
        write_home_cache(service.store, [(s.id, {"version": __version__,
                                                 "summary": s.as_dict()})
                                         for s in summaries], stamp)
    if not include_archived:
        summaries = [s for s in summaries if not s.archived]
    return summaries, changed
