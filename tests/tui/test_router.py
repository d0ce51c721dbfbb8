"""The one reading of "go to" targets: every place a problem names has a handler."""

from __future__ import annotations

import pytest

from inspect_tui.tui.router import KINDS, Target, parse, route


@pytest.mark.parametrize(("where", "target"), [
    ("item:sa2023.r4.1", Target("item", "sa2023.r4.1")),
    ("cse:abc123#tab-missing", Target("cse", "abc123", "tab-missing")),
    ("cse:abc123", Target("cse", "abc123", "")),
    ("outcome", Target("outcome")),
    ("setting:previous_inspection", Target("setting", "previous_inspection")),
    ("", None), (None, None), ("somewhere:else", None),
])
def test_a_target_is_read_once(where, target):
    assert parse(where) == target


def test_route_calls_the_handler_of_its_kind_only():
    seen: list[Target] = []
    assert route("young_person:yp1", {"young_person": seen.append})
    assert seen == [Target("young_person", "yp1")]
    assert not route("outcome", {"young_person": seen.append})
    assert not route("nowhere", {"young_person": seen.append})
    assert len(seen) == 1


def test_the_workspace_has_a_handler_for_every_kind_and_the_problems_name_only_those(
        service, demo_id):
    from inspect_tui.tui.screens.workspace import WorkspaceScreen

    assert set(WorkspaceScreen("x").routes()) == KINDS
    kinds = {p.where.partition(":")[0] for p in service.check(service.load(demo_id))
             if p.where}
    assert kinds and kinds <= KINDS
