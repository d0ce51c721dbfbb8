"""PDF reports: a snapshot model in, PDF bytes out. No database access below this package.

``snapshot`` holds the pydantic model the service layer builds; ``render`` turns it into a
PDF with reportlab; ``definition`` loads the report definitions in ``reports/``.
Nothing here imports Textual or the store.
"""

from .definition import ReportDefinition, load_definition
from .snapshot import ReportSnapshot, build_snapshot, inspection_digest

__all__ = ["ReportDefinition", "ReportSnapshot", "build_snapshot", "inspection_digest",
           "load_definition", "render_pdf"]


def render_pdf(*args, **kwargs) -> bytes:
    """Lazy wrapper so that importing the package does not import reportlab."""
    from .render import render_pdf as _render

    return _render(*args, **kwargs)
