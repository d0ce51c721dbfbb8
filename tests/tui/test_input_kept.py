"""Issue 11 item 4: invalid input is kept, with the error beside the field, escaped so that
nothing in it is swallowed as markup, and the cursor left there; a case code that looks
like a name is refused with a hint, by every door (the rule is the domain's)."""

from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable, Input, Static

from inspect_tui.errors import Invalid
from inspect_tui.tui.dialogs.prompts import PromptScreen
from inspect_tui.tui.screens.young_people import YoungPeopleScreen

from .test_flows import open_demo


def error_text(app) -> str:
    return str(app.screen.query_one("#prompt-error", Static).render())


@pytest.mark.parametrize("typed, words", [
    ("Jade Smith", "looks like a name"),
    ("Jade", "looks like a name"),
    ("[b]Jade[/b]9", "[b]Jade[/b]9"),  # markup in what was typed shows as typed
])
async def test_a_refused_case_code_stays_with_its_reason(make_app, demo_iid, tui_service,
                                                        typed, words):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, YoungPeopleScreen)
        people = app.screen.query_one("#yp-table", DataTable).row_count
        await pilot.press("ctrl+n", *typed, "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)  # still open
        box = app.screen.query_one("#prompt-input", Input)
        assert box.value == typed and app.screen.focused is box
        assert words in error_text(app)
        if "name" in words:
            assert "LL-0417" in error_text(app)  # the hint: what a case code looks like
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#yp-table", DataTable).row_count == people
    assert all(y.case_code != typed for y in tui_service.load(demo_iid).young_people)


@pytest.mark.parametrize("code", ["Jade Smith", "Jade", "Jade-Smith"])
def test_the_service_and_an_import_refuse_a_name_as_a_case_code(tui_service, demo_iid,
                                                                code, tmp_path):
    with pytest.raises(Invalid, match="looks like a name"):
        tui_service.add(demo_iid, "young_person", case_code=code)
    document = tui_service.export_document(demo_iid)
    document["young_people"][0]["case_code"] = code
    document["id"] = "imported0001"
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document))
    with pytest.raises(Invalid, match="looks like a name"):
        tui_service.import_document(json.loads(path.read_text()))


@pytest.mark.parametrize("code", ["LL-0999", "AB12", "ll-jade", "K9"])
def test_codes_are_still_codes(tui_service, demo_iid, code):
    tui_service.add(demo_iid, "young_person", case_code=code)
