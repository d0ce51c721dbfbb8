"""Summaries for the home screen, and the home list before the service is loaded.

Importing the service facade (pydantic, the catalogue's models, the checks) takes most of
the UI's start-up, so the home screen first shows the summaries cached in the store by
the last full computation, with the profile and the sync line read from the store's meta.
When that cache is not complete and current, the list is recomputed with the service
afterwards (``Service.refresh_summaries``); otherwise the service is loaded only when
first needed. Imports only :mod:`inspect_tui.store` (sqlite3).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .. import __version__
from ..store import EventStore
from ..store.cache import data_stamp, read_home_cache, write_home_cache
from ..store.meta import Profile, read_profile


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
    returned: str = ""  # "Name: comment" of the manager's return, while returned

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


_SUMMARY_FIELDS = {f.name for f in fields(InspectionSummary)}


def open_store(db_path: Path | str) -> EventStore:
    """Open (and migrate) the database, for :class:`HomeIndex` and then the service."""
    return EventStore(db_path)


class HomeIndex:
    """Reads for the home screen's first paint, straight from the store. ``store`` is
    also what :func:`inspect_tui.sync.client.status` reads the sync line from."""

    def __init__(self, store: EventStore):
        self.store = store

    def profile(self) -> Profile | None:
        return read_profile(self.store)

    def stamp(self) -> int:
        """A number that moves when another process (another window, a CLI command, a
        sync) commits to the database; this process's own saves leave it as it is."""
        return data_stamp(self.store)

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


def write_cache(store: EventStore, summaries: list[InspectionSummary], stamp: int) -> None:
    """Write ``summaries`` as the cache (unless another connection committed since
    ``stamp``, when they may be out of date)."""
    write_home_cache(store, [(s.id, {"version": __version__, "summary": s.as_dict()})
                             for s in summaries], stamp)
