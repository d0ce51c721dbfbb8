"""Longest tests first, so that no worker starts a long test when the others are done.

With ``--dist worksteal`` an idle worker takes tests that another has not started yet, so
the run ends within one short test of even, unless a long test starts last. Each run keeps
how long every test took in pytest's cache (``.pytest_cache``, merged with what earlier
runs kept); the next collection orders by it, longest first. A test never timed (a fresh
checkout, CI) counts as long if it is marked ``slow`` and short otherwise; ties keep the
file order. Every worker reads the same cache, so all collect the same order, as xdist
requires. ``-p no:cacheprovider`` or ``--cache-clear`` gives the file order again.
"""

from __future__ import annotations

from typing import Any

import pytest

KEY = "inspect-tui/durations"
SLOW_UNTIMED = 60.0  # seconds: a `slow` test never timed goes before every timed one


def _known(config: Any) -> dict[str, float]:
    cache = getattr(config, "cache", None)
    return dict(cache.get(KEY, {})) if cache is not None else {}


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    known = _known(config)

    def expected(item: Any) -> float:
        if item.nodeid in known:
            return known[item.nodeid]
        return SLOW_UNTIMED if item.get_closest_marker("slow") else 0.0

    items.sort(key=expected, reverse=True)  # stable: equal times keep the file order


_taken: dict[str, float] = {}


@pytest.hookimpl(trylast=True)
def pytest_runtest_logreport(report: Any) -> None:
    # In the controller this sees every worker's reports; in a worker, its own.
    _taken[report.nodeid] = _taken.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session: Any) -> None:
    config = session.config
    if hasattr(config, "workerinput") or getattr(config, "cache", None) is None or not _taken:
        return  # a worker: the controller keeps the times
    known = _known(config)
    known.update({nodeid: round(seconds, 3) for nodeid, seconds in _taken.items()})
    config.cache.set(KEY, known)
