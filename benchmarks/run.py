"""Run every benchmark and print one table: ``python benchmarks/run.py [NAME...]``.

Each ``bench_*.py`` module beside this file has ``run() -> list[Row]``; every row compares
a measurement with a baseline measured in the same run, so figures are ratios that travel
between machines.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import Row  # noqa: E402


def main(names: list[str]) -> int:
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if names:
        modules = [m for m in modules if any(n in m for n in names)]
    rows: list[Row] = []
    for name in modules:
        print(f"running {name}...", file=sys.stderr, flush=True)
        rows.extend(importlib.import_module(name).run())
    widths = (44, 14, 14, 9, 18, 7)
    header = ("benchmark", "measured", "baseline", "ratio", "target", "ok")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        cells = (row.name, row.measured_text, row.baseline_text, row.ratio_text, row.target,
                 "yes" if row.ok else "NO")
        print("  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
