"""Fixtures for the PDF tests: render an inspection through the service, invariantly."""

from __future__ import annotations

import pytest

from inspect_tui.service.reports import render_report

_rendered: dict[tuple, bytes] = {}


@pytest.fixture
def render(service, catalogue):
    """``render(iid, audience="manager", **kwargs)``: the report's bytes (invariant mode).

    Invariant rendering is a pure function of the inspection, its open conflicts, the
    catalogue and the audience, and a dozen tests render the untouched demo: a render with
    the same inputs is made once per session. Call ``render_report`` itself to render
    afresh (a test of rendering twice must)."""
    def run(iid: str, audience: str = "manager", **kwargs) -> bytes:
        if kwargs or service.catalogue is not catalogue:
            return render_report(service, iid, audience, invariant=True, **kwargs)
        key = (service.load(iid).model_dump_json(), len(service.conflicts(iid)), audience)
        if key not in _rendered:
            _rendered[key] = render_report(service, iid, audience, invariant=True)
        return _rendered[key]
    return run
