"""The UI tests use the shared fixtures of ``tests/conftest.py`` (``service``, ``demo_id``,
``make_app``) and the helpers of ``testkit`` (``TODAY``, ``until``, ``settle``,
``wait_saved``). Deterministic screens (harlequin's idea) come from ``make_app``: a fixed
"today", no cursor blink, and the saved indicator without a clock time.

``tui_service`` and ``demo_iid`` are this folder's older names for ``service`` and
``demo_id``, and the helpers are importable from here too, so that tests written against
them keep working.
"""

from __future__ import annotations

import pytest
from testkit import TODAY, settle, until, wait_saved

__all__ = ["TODAY", "settle", "until", "wait_saved"]


@pytest.fixture
def tui_service(service):
    return service


@pytest.fixture
def demo_iid(demo_id):
    return demo_id
