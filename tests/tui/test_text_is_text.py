"""Issue 11 item 1: text is text. A sentence of every printable character typed on each
screen, outside any field, changes nothing recorded; typed into a field, it changes that
field alone. Compared on the exported document, as a person would check the record."""

from __future__ import annotations

import pytest

from inspect_tui.tui.keys import PRINTABLE, field_of

from .conftest import wait_saved
from .test_flows import open_demo

# The keys that lead to each screen from the workspace (Escape back to the workspace).
SCREENS = {"workspace": (), "young_people": ("y",), "areas_for_improvement": ("a",),
           "review": ("v",), "cse": ("y", "c")}


def keys_of(text: str) -> list[str]:
    from inspect_tui.tui.keys import _key_name

    return ["space" if c == " " else _key_name(c) for c in text]


@pytest.mark.parametrize("screen", list(SCREENS))
async def test_typing_outside_a_field_changes_nothing(make_app, demo_iid, tui_service,
                                                       screen):
    before = tui_service.export_document(demo_iid)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        for key in SCREENS[screen]:
            await pilot.press(key)
            await pilot.pause()
        assert field_of(app.screen.focused) is None, app.screen.focused
        for key in keys_of(PRINTABLE):
            await pilot.press(key)
        await wait_saved(app, pilot)
    assert tui_service.export_document(demo_iid) == before


async def test_typing_in_a_note_changes_that_note_alone(make_app, demo_iid, tui_service):
    before = tui_service.export_document(demo_iid)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        item = ws.current[1]
        await pilot.press("enter", "tab")  # into the finding, then its note
        assert app.screen.focused.id == "note"
        for key in keys_of(PRINTABLE):
            await pilot.press(key)
        await wait_saved(app, pilot)
    after = tui_service.export_document(demo_iid)
    old = {f["item_id"]: f for f in before["findings"]}
    changed = [f for f in after["findings"] if f != old.get(f["item_id"])]
    assert [f["item_id"] for f in changed] == [item]
    assert changed[0]["note"].endswith(PRINTABLE)
    assert {k: v for k, v in changed[0].items() if k != "note"} == {
        k: v for k, v in old.get(item, changed[0]).items() if k != "note"}
    assert {k: v for k, v in after.items() if k != "findings"} == {
        k: v for k, v in before.items() if k != "findings"}


async def test_typing_on_an_approved_inspection_changes_nothing(make_app, demo_iid,
                                                                tui_service):
    tui_service.submit(demo_iid)
    tui_service.set_profile("Alex Manager", "manager")
    tui_service.approve(demo_iid)
    tui_service.set_profile("Sam Okafor", "inspector")
    before = tui_service.export_document(demo_iid)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        # Enter first: on a draft it would put the cursor in the finding.
        for key in ["enter", *keys_of(PRINTABLE), "enter", *keys_of(PRINTABLE)]:
            await pilot.press(key)
        await wait_saved(app, pilot)
    after = tui_service.export_document(demo_iid)
    assert after == before and tui_service.load(demo_iid).status == "approved"


async def test_space_on_arriving_at_a_choice_keeps_the_choice(make_app, demo_iid, tui_service):
    """Textual's radio cursor starts on the first button: Space on arriving at a finding
    that was Met made it "Not assessed", and Space on opening the outcome screen replaced
    the outcome with the first one on the scale."""
    doc = tui_service.load(demo_iid)
    met = next(f.item_id for f in doc.findings if f.status == "met")
    outcome = doc.outcome.judgement
    assert outcome and met
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ws = await open_demo(app, pilot)
        leaf = next(leaf for leaf in ws.leaves if leaf.data == ("item", met))
        ws.select_leaf(leaf)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.focused.id == "status"
        await pilot.press("space")
        await pilot.press("escape", "o")
        await pilot.pause()
        assert app.screen.focused.id == "outcome-choice"
        await pilot.press("space")
        await wait_saved(app, pilot)
    doc = tui_service.load(demo_iid)
    assert next(f.status for f in doc.findings if f.item_id == met) == "met"
    assert doc.outcome.judgement == outcome
