"""Requirements and recommendations meet one set of rules (domain/actions.py), in the same
words, whichever door a change comes through: the service's add and update (the UI's form
and any caller), and an imported inspection on the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from testkit import TODAY, assert_one_line_error, run_cli, settle, until

from inspect_tui.errors import Invalid

REG = "sa2023.r5.2.f.ii"
PAST = (TODAY - timedelta(days=1)).isoformat()
# (case, kind, the change, the one message, refused on import too)
BAD = [
    ("no regulation", "requirement", {"regulation": ""},
     "regulation: choose the regulation this answers", True),
    ("unknown regulation", "requirement", {"regulation": "sa2023.r404"},
     "regulation: 'sa2023.r404' is not a regulation or item in the catalogue", True),
    ("requirement without text", "requirement", {"text": "  "},
     "requirement: say what must be done", True),
    ("no due date", "requirement", {"due_date": ""},
     "requirement due date: give the date it must be done by", True),
    ("not a date", "requirement", {"due_date": "next week"},
     "requirement due date: 'next week' is not a date (use YYYY-MM-DD)", True),
    ("due date moved into the past", "requirement", {"due_date": PAST},
     f"requirement due date: {PAST} is in the past", False),
    ("recommendation without text", "recommendation", {"text": ""},
     "recommendation: say what should improve", True),
]
IDS = [case[0] for case in BAD]


def _action(service, iid, kind):
    if kind == "requirement":
        return service.add_requirement(iid, REG, "Keep a written risk plan.",
                                       TODAY + timedelta(days=28), today=TODAY)
    return service.add_recommendation(iid, REG, "Review the plan monthly.")


@pytest.mark.parametrize("case, kind, change, message, on_import", BAD, ids=IDS)
def test_the_service_refuses_an_edit_whatever_calls_it(service, demo_id, case, kind, change,
                                                        message, on_import):
    aid = _action(service, demo_id, kind)
    before = service.load(demo_id).actions
    with pytest.raises(Invalid) as caught:
        service.update(demo_id, "action", aid, today=TODAY, **change)
    assert str(caught.value) == message
    assert service.load(demo_id).actions == before  # nothing written
    if kind == "requirement" and case != "due date moved into the past":
        fields = {"regulation": REG, "text": "Keep a plan.", "due_date": "2027-01-01", **change}
        with pytest.raises(Invalid) as caught:
            service.add_requirement(demo_id, today=TODAY, **fields)
        assert str(caught.value) == message


@pytest.mark.parametrize("case, kind, change, message, on_import",
                         [c for c in BAD if c[4]], ids=[c[0] for c in BAD if c[4]])
def test_an_import_is_refused_in_the_same_words(service, demo_id, capsys, tmp_path, case,
                                                kind, change, message, on_import):
    data = service.export_document(demo_id)
    data["id"] = "imported00002"
    action = next(a for a in data["actions"] if a["kind"] == kind)
    action.update(change)
    if change.get("due_date") == "":
        action["due_date"] = None
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli(capsys, "--db", str(service.store.path), "import", str(path))
    assert_one_line_error(result)
    # The rule's words; an import names the place in the file before them.
    assert (message.split(": ", 1)[1] if case == "not a date" else message) in result.stderr
    assert "imported00002" not in service.inspection_ids()


def test_an_import_keeps_a_due_date_that_has_passed_since(service, demo_id, capsys, tmp_path):
    data = service.export_document(demo_id)
    data["id"] = "imported00003"
    next(a for a in data["actions"] if a["kind"] == "requirement")["due_date"] = "2020-01-01"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert run_cli(capsys, "--db", str(service.store.path), "import", str(path)).returncode == 0


def test_an_unchanged_due_date_that_has_passed_does_not_block_an_edit(service, demo_id):
    aid = service.add_requirement(demo_id, REG, "Act.", "2026-12-01", today=TODAY)
    service.update(demo_id, "action", aid, text="Act now.", due_date="2026-12-01",
                   today=date(2027, 1, 1))
    assert next(a for a in service.load(demo_id).actions if a.id == aid).text == "Act now."


@pytest.mark.parametrize("case, kind, change, message, on_import",
                         [BAD[2], BAD[4], BAD[5], BAD[6]], ids=[IDS[2], IDS[4], IDS[5], IDS[6]])
async def test_the_form_shows_the_services_message(service, demo_id, make_app, case, kind,
                                                   change, message, on_import):
    from textual.widgets import DataTable, Input, Static, TextArea

    from inspect_tui.tui.screens.actions import ActionForm, ActionsScreen
    from inspect_tui.tui.screens.workspace import WorkspaceScreen

    aid = _action(service, demo_id, kind)
    action = next(a for a in service.load(demo_id).actions if a.id == aid)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.press("a")
        await until(lambda: isinstance(app.screen, ActionsScreen))
        index = [a.id for a in app.screen.actions].index(aid)
        app.screen.query_one(DataTable).move_cursor(row=index)
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, ActionForm)
                    and app.screen.query("#action-error"))
        form = app.screen
        if "text" in change:
            form.query_one("#action-text", TextArea).load_text(change["text"])
        if "due_date" in change:
            form.query_one("#action-due", Input).value = change["due_date"]
        await pilot.press("ctrl+s")
        await until(lambda: str(form.query_one("#action-error", Static).render()))
        assert str(form.query_one("#action-error", Static).render()) == message
        assert app.screen is form
    assert next(a for a in service.load(demo_id).actions if a.id == aid) == action
