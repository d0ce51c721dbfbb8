"""Garbage collection waits for a pause in input (``tui/idle_gc.py``)."""

from __future__ import annotations

import gc

import pytest

from inspect_tui.tui import idle_gc
from inspect_tui.tui.idle_gc import EVERY, OVERDUE, QUIET, IdleCollector


class FakeGc:
    def __init__(self, monkeypatch):
        self.count = (0, 0, 0)
        self.swept: list[int] = []
        monkeypatch.setattr(idle_gc.gc, "get_count", lambda: self.count)
        monkeypatch.setattr(idle_gc.gc, "collect", self.swept.append)


@pytest.fixture
def fake_gc(monkeypatch):
    return FakeGc(monkeypatch)


def test_sweeps_wait_for_a_pause_then_follow_pythons_schedule(fake_gc):
    now = [100.0]
    collector = IdleCollector(clock=lambda: now[0])
    fake_gc.count = (300, EVERY, 0)  # a middle sweep is due
    collector.input_seen()
    now[0] += QUIET / 2
    assert collector.tick() is None and fake_gc.swept == []  # typing: not now
    now[0] += QUIET
    assert collector.tick() == 1 and fake_gc.swept == [1]  # a pause: the middle sweep
    fake_gc.count = (300, EVERY, EVERY - 1)  # and this one makes ten: the old one too
    assert collector.tick() == 2 and fake_gc.swept == [1, 2]
    fake_gc.count = (300, EVERY - 1, 0)  # nothing due: nothing swept
    assert collector.tick() is None and fake_gc.swept == [1, 2]


def test_a_sweep_long_overdue_runs_though_input_never_pauses(fake_gc):
    now = [0.0]
    collector = IdleCollector(clock=lambda: now[0])
    fake_gc.count = (0, OVERDUE, 0)
    collector.input_seen()
    assert collector.tick() == 1 and fake_gc.swept == [1]


def test_start_leaves_young_passes_automatic_and_stop_restores_pythons_schedule():
    saved = gc.get_threshold()
    collector = IdleCollector()
    try:
        collector.start()
        young, middle, old = gc.get_threshold()
        assert young == saved[0] and middle == old == idle_gc.NEVER
        collector.stop()
        assert gc.get_threshold() == saved
    finally:
        gc.set_threshold(*saved)


async def test_the_app_sweeps_at_pauses_while_it_runs_and_not_after(make_app, demo_id):
    saved = gc.get_threshold()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[1:] == (idle_gc.NEVER, idle_gc.NEVER)
    assert gc.get_threshold() == saved
