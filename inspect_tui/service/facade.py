"""The one API that the TUI, the CLI, the PDF reports and the demo call.

:class:`Service` turns user intentions (set a finding, add a young person, approve) into
validated edits on the event log, and the materialised state back into an
:class:`~inspect_tui.domain.models.InspectionDocument`. It is made of parts, one module
each: :mod:`.inspections` (the record itself), :mod:`.review` (the workflow), ``cse``
(:mod:`.cse`, CSE tracking) and the home screen's summaries (:mod:`.summaries`); they share
the store, the catalogue and the one write path of :mod:`.core`.
"""

from __future__ import annotations

from pathlib import Path

from ..catalogue import Catalogue
from ..domain.models import InspectionDocument
from ..domain.review import display_status, return_entry
from ..errors import Invalid
from ..store import EventStore
from ..store.cache import data_stamp
from .cse import CsePart
from .inspections import InspectionsPart
from .redaction import RedactionPart
from .review import ReviewPart
from .summaries import HomeIndex, InspectionSummary, write_cache


class Service(InspectionsPart, ReviewPart):
    def __init__(self, db_path: Path | str, catalogue: Catalogue | None = None, *,
                 store: EventStore | None = None):
        super().__init__(db_path, catalogue, store=store)
        self.cse = CsePart(self)
        self.redaction = RedactionPart(self)

    # --- the home screen ---------------------------------------------------------------
    def summaries(self, include_archived: bool = True) -> list[InspectionSummary]:
        result = []
        for iid in self.inspection_ids():
            try:
                doc = self.load(iid)
            except Invalid:  # not whole here yet: listed, so the user knows it is coming
                result.append(InspectionSummary(
                    id=iid, provider="(not yet received in full)", urn="", type="",
                    start_date="", end_date="", status="incomplete", archived=False,
                    progress=0, problems=0, conflicts=len(self.conflicts(iid))))
                continue
            if doc.archived and not include_archived:
                continue
            result.append(InspectionSummary(
                id=iid, provider=doc.provider.name, urn=doc.provider.urn, type=doc.type,
                start_date=doc.start_date.isoformat(), end_date=doc.end_date.isoformat(),
                status=display_status(doc), archived=doc.archived,
                progress=self.progress(doc), problems=len(self.check(doc)),
                conflicts=len(self.conflicts(iid)), returned=_returned(doc)))
        result.sort(key=lambda s: (s.archived, s.start_date), reverse=False)
        return result

    def refresh_summaries(self, include_archived: bool = True
                          ) -> tuple[list[InspectionSummary], bool]:
        """Compute the summaries and write them to the home cache if they differ from it;
        return them and whether they changed."""
        stamp = data_stamp(self.store)
        summaries = self.summaries(include_archived=True)
        cached, current = HomeIndex(self.store).cached_state()
        changed = summaries != cached
        if changed or not current:
            write_cache(self.store, summaries, stamp)
        if not include_archived:
            summaries = [s for s in summaries if not s.archived]
        return summaries, changed


def _returned(doc: InspectionDocument) -> str:
    entry = return_entry(doc)
    return f"{entry.by}: {entry.comment}" if entry is not None else ""
