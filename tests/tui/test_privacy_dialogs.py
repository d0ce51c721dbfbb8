"""The members dialog (m) and the redaction dialog (x) in the workspace, through Pilot."""

from __future__ import annotations

from textual.widgets import Input, Static

from inspect_tui.tui.dialogs.privacy import MembersScreen, RedactScreen
from inspect_tui.tui.screens.workspace import WorkspaceScreen

from .test_flows import open_demo

NAME = "Okonkwo-Whitfield"


async def test_members_are_set_from_the_workspace(make_app, demo_iid, tui_service):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MembersScreen)
        team = app.screen.query_one("#members-team", Input)
        assert team.value == "Jo Lindqvist (demo inspector)"
        team.value = "Jo Lindqvist (demo inspector), Ana Ruiz"
        app.screen.query_one("#members-reviewers", Input).value = "Mo Manager"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
    doc = tui_service.load(demo_iid)
    assert doc.team == ["Jo Lindqvist (demo inspector)", "Ana Ruiz"]
    assert doc.reviewers == ["Mo Manager"]


async def test_a_manager_redacts_after_seeing_what_goes(make_app, demo_iid, tui_service):
    item = tui_service.load(demo_iid).findings[0].item_id
    tui_service.set_finding(demo_iid, item, note=f"Spoke with {NAME} at the door")
    tui_service.set_profile("Mo Manager", "manager")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, RedactScreen)
        await pilot.press(*NAME.lower())
        await pilot.pause()
        preview = str(app.screen.query_one("#redact-preview", Static).render())
        assert "Will erase 1 value" in preview and item in preview
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#redact-error", Static).render())
        assert "reason" in error, "no redaction without a reason"
        assert "--" not in error and "redact:" not in error  # the TUI's words, not the CLI's
        assert app.focused.id == "redact-reason"  # the cursor where the fix is
        app.screen.query_one("#redact-reason", Input).value = "a young person's name"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
    note = {f.item_id: f.note for f in tui_service.load(demo_iid).findings}[item]
    assert note == "Spoke with [redacted] at the door"


async def test_an_inspector_is_told_only_managers_redact(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        error = str(app.screen.query_one("#redact-error", Static).render())
        assert "Only a manager can redact" in error
