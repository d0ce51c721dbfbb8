"""Report benchmarks: the demo report and a large inspection, each against a bare document.

Measured: the whole report path as the CLI and the TUI run it, minus writing the file: read
the inspection through the service, build the snapshot, lay out and write the PDF bytes.
Baseline, built in the same run: a bare reportlab document (SimpleDocTemplate, the same
embedded TrueType font) with the same paragraphs and the same tables (rows, columns and cell
text) as the report's story, and nothing else: no header, watermark, page count, bookmarks,
chart or colours. Target: at most 1.5x the bare document's time.
"""

from __future__ import annotations

import importlib.util
import io
import sys
import tempfile
from pathlib import Path

from common import Row, median, timings
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from inspect_tui.catalogue import default_catalogue
from inspect_tui.pdf.definition import default_definition
from inspect_tui.pdf.layout import FONT, Kit, register_fonts
from inspect_tui.pdf.render import build_story
from inspect_tui.service import Service
from inspect_tui.service.demo import create_demo
from inspect_tui.service.reports import render_report, report_snapshot

TARGET = 1.5
ROOT = Path(__file__).resolve().parent.parent


def _factory():
    spec = importlib.util.spec_from_file_location("report_factory",
                                                  ROOT / "tests" / "pdf" / "factory.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shape(story: list) -> tuple[list[str], list[tuple[list[float], list[list[str]]]]]:
    """The paragraphs' text and each table's column widths and cell texts, from the report's
    own story, so the bare document lays out the same text in the same widths."""
    paragraphs: list[str] = []
    tables: list[tuple[list[float], list[list[str]]]] = []

    def text(cell) -> str:
        if isinstance(cell, Paragraph):
            return cell.text
        if isinstance(cell, list | tuple):
            return " ".join(text(c) for c in cell)
        return ""

    for flowable in story:
        if isinstance(flowable, Paragraph):
            paragraphs.append(flowable.text)
        elif isinstance(flowable, Table):
            tables.append((list(flowable._argW),
                           [[text(c) for c in row] for row in flowable._cellvalues]))
    return paragraphs, tables


def _bare_document(paragraphs: list[str],
                   tables: list[tuple[list[float], list[list[str]]]]) -> bytes:
    style = ParagraphStyle("bare", fontName=FONT, fontSize=9.5, leading=12.35)
    story: list = [Paragraph(p, style) for p in paragraphs]
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=A4)
    for widths, cells in tables:
        story.append(Table([[Paragraph(c, style) for c in row] for row in cells],
                           colWidths=widths, repeatRows=1))
    buffer = io.BytesIO()
    doc.filename = buffer
    doc.build(story)
    return buffer.getvalue()


def _compare(name: str, service: Service, iid: str, repeat: int) -> Row:
    definition = default_definition()
    register_fonts(definition)
    snapshot = report_snapshot(service, iid)
    paragraphs, tables = _shape(build_story(snapshot, Kit(definition, A4[0] - 36 * 72 / 25.4)))
    rows = sum(len(cells) for _, cells in tables)
    render_report(service, iid)  # warm caches for both sides alike
    _bare_document(paragraphs, tables)
    measured = median(timings(lambda: render_report(service, iid), repeat))
    baseline = median(timings(lambda: _bare_document(paragraphs, tables), repeat))
    ratio = measured / baseline
    return Row(f"{name} ({len(paragraphs)} paras, {rows} rows)", measured, baseline, "ms",
               f"<= {TARGET}x bare", ratio <= TARGET)


def run() -> list[Row]:
    out: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        catalogue = default_catalogue()
        service = Service(Path(folder) / "demo.db", catalogue)
        service.set_profile("Bench", "inspector")
        out.append(_compare("report: demo", service, create_demo(service), 9))
        service.close()

        factory = _factory()
        big = factory.large_catalogue(catalogue)
        service = Service(Path(folder) / "large.db", big)
        service.set_profile("Bench", "inspector")
        iid = service.import_document(factory.large_document(big).model_dump(mode="json"))
        out.append(_compare("report: 300 findings, 40 yp, 30 reqs", service, iid, 5))
        service.close()
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for row in run():
        print(row.name, row.measured_text, row.baseline_text, row.ratio_text, row.ok)
