"""Fixtures for the PDF tests: render an inspection through the service, invariantly."""

from __future__ import annotations

import pytest

from inspect_tui.service.reports import render_report


@pytest.fixture
def render(service):
    def run(iid: str, audience: str = "manager", **kwargs) -> bytes:
        return render_report(service, iid, audience, invariant=True, **kwargs)
    return run
