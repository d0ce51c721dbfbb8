"""Fixtures for the TUI tests: a demo database and an app factory with steady output.

Deterministic screens (harlequin's idea): a fixed "today", no cursor blink, and the
saved indicator without a clock time.
"""

from __future__ import annotations

from datetime import date

import pytest

from inspect_tui.service import Service
from inspect_tui.service.demo import create_demo
from inspect_tui.tui.app import InspectApp

TODAY = date(2026, 11, 27)


@pytest.fixture
def tui_service(tmp_path, catalogue):
    svc = Service(tmp_path / "tui.db", catalogue)
    svc.set_profile("Sam Okafor", "inspector")
    yield svc
    svc.close()


@pytest.fixture
def demo_iid(tui_service):
    return create_demo(tui_service, today=TODAY)


@pytest.fixture
def make_app(tui_service):
    apps: list[InspectApp] = []

    def make(**kwargs) -> InspectApp:
        kwargs.setdefault("today", TODAY)
        kwargs.setdefault("deterministic", True)
        app = InspectApp(service=tui_service, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.backend.close()


async def wait_saved(app: InspectApp, pilot) -> None:
    await pilot.pause()  # let Changed messages reach their handlers first
    await app.backend.wait_idle()
    await pilot.pause()


async def settle(app: InspectApp, pilot) -> None:
    """Wait for workers (the home list loads in one) and the screen to catch up."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
