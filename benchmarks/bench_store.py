"""Foundation benchmarks: one finding edit on a 20,000-event database, and CLI start-up.

(a) The service records a finding edit (validation, event, heads, state, one transaction)
    against a bare single-row SQLite insert with the same pragmas, both on real files.
(b) ``inspect-tui --version`` wall time against ``python -c pass``.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from common import Row, median, p99, timings

from inspect_tui.catalogue import default_catalogue
from inspect_tui.service import Service
from inspect_tui.service.demo import create_demo
from inspect_tui.store import Edit
from inspect_tui.store.database import PRAGMAS

EDITS = 300
BACKGROUND_EVENTS = 20_000


def _service_edit_ms(folder: Path) -> list[float]:
    service = Service(folder / "bench.db", default_catalogue())
    service.set_profile("Bench", "inspector")
    iid = create_demo(service)
    # Fill the log to 20,000 events, as a long inspection would.
    batch = []
    for n in range(BACKGROUND_EVENTS - service.store.event_count()):
        batch.append(Edit(iid, "finding", f"{iid}/finding/bulk-{n % 500}", "note", f"v{n}"))
        if len(batch) == 1000:
            service.store.record(batch, "Bench")
            batch = []
    service.store.record(batch, "Bench")
    assert service.store.event_count() >= BACKGROUND_EVENTS
    counter = iter(range(10**9))
    return timings(lambda: service.set_finding(iid, "sa2023.r5.2.f.ii",
                                               note=f"note {next(counter)}"), EDITS)


def _bare_insert_ms(folder: Path) -> list[float]:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    counter = iter(range(10**9))

    def insert() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (v) VALUES (?)", (f"note {next(counter)}",))
        conn.execute("COMMIT")
    return timings(insert, EDITS)


def _wall_ms(argv: list[str], repeat: int = 15) -> float:
    return median(timings(lambda: subprocess.run(argv, capture_output=True, check=True),
                          repeat))


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = _bare_insert_ms(folder)
        edit = _service_edit_ms(folder)
    rows = [
        Row("finding edit, median (20k events)", median(edit), median(bare), "ms",
            "<= 3x bare insert", median(edit) <= 3 * median(bare)),
        Row("finding edit, p99 (20k events)", p99(edit), p99(bare), "ms",
            "<= 3x bare insert", p99(edit) <= 3 * p99(bare)),
    ]
    version = _wall_ms([sys.executable, "-m", "inspect_tui", "--version"])
    baseline = _wall_ms([sys.executable, "-c", "pass"])
    rows.append(Row("inspect-tui --version wall time", version, baseline, "ms",
                    "<= baseline + 150 ms", version <= baseline + 150))
    return rows
