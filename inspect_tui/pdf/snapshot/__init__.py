"""The report snapshot: everything the renderer needs, resolved to display text, frozen.

The service layer builds it (:func:`build_snapshot`) from an :class:`InspectionDocument`,
the catalogue of the edition the inspection was made with, and the report definition; one
builder per part (``front``, ``judgement``, ``cse``, ``evidence``, ``control``). The
renderer gets nothing else: no database, no catalogue. An audience's omissions are applied
here, so text a provider must not see is never in the provider's snapshot, let alone its PDF.
"""

from .digest import inspection_digest
from .report import SNAPSHOT_VERSION, ReportSnapshot, build_snapshot

__all__ = ["SNAPSHOT_VERSION", "ReportSnapshot", "build_snapshot", "inspection_digest"]
