"""Shared fixtures: a real SQLite file in a temporary folder, with or without the demo."""

from __future__ import annotations

from datetime import date

import pytest

from inspect_tui.catalogue import default_catalogue
from inspect_tui.service import Service
from inspect_tui.service.demo import create_demo

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def catalogue():
    return default_catalogue()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "inspect.db"


@pytest.fixture
def service(db_path, catalogue):
    svc = Service(db_path, catalogue)
    svc.set_profile("Sam Okafor", "inspector")
    yield svc
    svc.close()


@pytest.fixture
def demo_id(service):
    return create_demo(service, today=TODAY)
