"""Reports from the service: snapshot the inspection, render it, write the file privately.

The service layer side of ``inspect_tui.pdf``: this module reads through :class:`Service`
(never SQL) and hands the renderer a frozen snapshot. The TUI calls :func:`generate_report`
from a worker thread with a ``progress`` callback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Invalid
from ..files import write_private

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from ..pdf.snapshot import ReportSnapshot
    from .facade import Service

log = logging.getLogger(__name__)

AUDIENCES = ("manager", "provider")
Progress = Callable[[float, str], None]


def report_snapshot(service: Service, iid: str, audience: str = "manager", *,
                    invariant: bool = False, generated_at: datetime | None = None
                    ) -> ReportSnapshot:
    """The frozen snapshot of one inspection for one audience, as of now."""
    from ..pdf.definition import default_definition
    from ..pdf.snapshot import build_snapshot

    definition = default_definition()
    if audience not in definition.audiences:
        raise Invalid(f"report audience: {audience!r} is not one of "
                      f"{', '.join(sorted(definition.audiences))}")
    doc = service.load(iid)
    return build_snapshot(doc, service.catalogue, definition, audience=audience,
                          open_conflicts=len(service.conflicts(iid)),
                          generated_at=generated_at, invariant=invariant)


def render_report(service: Service, iid: str, audience: str = "manager", *,
                  invariant: bool = False, progress: Progress | None = None,
                  generated_at: datetime | None = None) -> bytes:
    from ..pdf.render import render_pdf

    snapshot = report_snapshot(service, iid, audience, invariant=invariant,
                               generated_at=generated_at)
    return render_pdf(snapshot, invariant=invariant, progress=progress)


def generate_report(service: Service, iid: str, output: Path,
                    audience: str = "manager",
                    progress: Progress | None = None, *, invariant: bool = False,
                    generated_at: datetime | None = None) -> Path:
    """Write the PDF report of inspection ``iid`` to ``output`` (mode 0600) and return its path.

    ``progress(fraction, message)`` is called from the calling thread as work advances, from
    0.0 to 1.0 (after each laid-out page); a TUI worker forwards it with
    ``call_from_thread``. The file appears whole or not at all (temporary file, then rename).
    Raises the service's errors (``NotFound``, ``Invalid`` for an unknown audience, and
    ``FileWriteError`` when the file cannot be written).
    """
    def tell(fraction: float, message: str) -> None:
        if progress is not None:
            progress(max(0.0, min(1.0, fraction)), message)

    output = Path(output).expanduser()
    tell(0.0, "Reading the inspection")
    snapshot = report_snapshot(service, iid, audience, invariant=invariant,
                               generated_at=generated_at)
    tell(0.15, "Laying out the report")
    from ..pdf.render import render_pdf

    data = render_pdf(snapshot, invariant=invariant,
                      progress=lambda f, m: tell(0.15 + 0.8 * f, m))
    tell(0.96, f"Writing {output.name}")
    write_private(output, data)
    log.info("report inspection=%s audience=%s bytes=%d written to %s", iid, audience,
             len(data), output)
    tell(1.0, f"Report written to {output}")
    return output

