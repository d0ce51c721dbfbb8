"""Issue 11 item 5: one place for each fact. CSE indicators are recorded on the CSE screen
only: the workspace's checklists lead there instead of keeping a second set of answers,
the service refuses them on the generic checklist, and the report counts what the CSE
records hold, so its appendix and its CSE section agree."""

from __future__ import annotations

import pytest
from textual.widgets import Tree

from inspect_tui.errors import Invalid
from inspect_tui.service.reports import report_snapshot
from inspect_tui.tui.screens.young_people import YoungPeopleScreen

from .test_flows import open_demo


async def test_the_workspace_leads_to_the_cse_screen_for_indicators(make_app, demo_iid,
                                                                    catalogue):
    indicators = {i.id for i in catalogue.checklist("cse-indicators").items}
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        assert not [leaf for leaf in ws.leaves if leaf.data[1] in indicators]
        tree = ws.query_one("#ws-tree", Tree)
        pointer = next(node for group in tree.root.children for node in group.children
                       if node.data == ("cse", "cse-indicators"))
        tree.move_cursor(pointer)
        await pilot.pause()
        assert "CSE & safeguarding screen" in str(ws.query_one("#item-title").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, YoungPeopleScreen)


def test_the_generic_checklist_takes_no_indicator(tui_service, demo_iid, catalogue):
    item = catalogue.checklist("cse-indicators").items[0].id
    yp = tui_service.load(demo_iid).young_people[0].id
    with pytest.raises(Invalid, match="CSE record"):
        tui_service.set_check(demo_iid, item, yp, answer="yes")


def test_the_report_counts_the_indicators_recorded(tui_service, demo_iid):
    doc = tui_service.load(demo_iid)
    recorded = [rec for r in doc.cse for rec in r.indicators.values()]
    assert recorded  # the demo records indicators on the CSE screen
    snapshot = report_snapshot(tui_service, demo_iid, "manager", invariant=True)
    [cse] = [c for c in snapshot.evidence.checklists if c.id == "cse-indicators"]
    assert cse.answered == len(recorded)
    assert cse.yes == sum(1 for rec in recorded if rec.answer == "present")
    # The CSE section lists the present ones, the appendix counts the same.
    assert cse.yes == len([r for r in snapshot.cse.indicators if r.answer == "Present"])
