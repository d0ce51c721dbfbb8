"""Issue 11 item 3: a submitted or approved inspection is read-only in the TUI until its
inspector chooses to reopen it (asked, and recorded as a review entry); a manager on a
submitted inspection comments, returns or approves and never edits a finding; approving
with open problems warns and lists them. Driven at 80x24, as an inspector would."""

from __future__ import annotations

from textual.widgets import Static

from inspect_tui.domain.review import approval_warnings, review_actions
from inspect_tui.tui.dialogs.prompts import ConfirmScreen, TextPromptScreen
from inspect_tui.tui.screens.review import ReviewScreen
from inspect_tui.tui.screens.workspace import WorkspaceScreen
from inspect_tui.tui.widgets.item_pane import ItemPane

from .conftest import until, wait_saved
from .test_flows import open_demo, text_of

SIZE = (80, 24)


def finding_shown(ws: WorkspaceScreen) -> str:
    """The finding the pane shows as chosen."""
    pane = ws.query_one(ItemPane)
    pressed = pane.query_one("#status").pressed_button
    return (pressed.id or "").removeprefix("status-") if pressed else ""


async def test_a_submitted_inspection_is_read_only_until_the_inspector_reopens(
        make_app, demo_iid, tui_service):
    tui_service.submit(demo_iid)
    before = tui_service.load(demo_iid)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        ws = await open_demo(app, pilot)
        item = ws.current[1]
        assert "read-only" in text_of(app, "#ws-status")
        progress = text_of(app, "#ws-status").split("·")[1]
        await pilot.press("enter", "1", "3")
        await wait_saved(app, pilot)
        # Nothing changed, and nothing on screen says it did.
        assert tui_service.load(demo_iid).finding(item) == before.finding(item)
        assert finding_shown(ws) == (before.finding(item).status if before.finding(item)
                                     else "not_assessed")
        assert text_of(app, "#ws-status").split("·")[1] == progress
        assert "not saved" not in str(app.screen.query_one("#ws-saved").render())
        # Reopening is asked: a typed "y" and Enter do not answer it, Escape keeps it.
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, TextPromptScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert tui_service.load(demo_iid).status == "submitted"
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press(*"add the fire drill", "ctrl+s")
        await pilot.pause()
        assert app.screen is ws
        doc = tui_service.load(demo_iid)
        assert doc.status == "draft"
        assert doc.review[-1].action == "reopen"
        assert doc.review[-1].comment == "add the fire drill"
        assert "read-only" not in text_of(app, "#ws-status")
        await pilot.press("enter", "1")
        await wait_saved(app, pilot)
        assert tui_service.load(demo_iid).finding(item).status == "met"


async def test_a_stray_key_does_not_reopen_an_approved_inspection(make_app, demo_iid,
                                                                  tui_service):
    tui_service.submit(demo_iid)
    tui_service.set_profile("Alex Manager", "manager")
    tui_service.approve(demo_iid)
    tui_service.set_profile("Sam Okafor", "inspector")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        ws = await open_demo(app, pilot)
        stored = tui_service.load(demo_iid).finding(ws.current[1])
        await pilot.press("enter", "1", "2", "3", "enter", "0", "ctrl+y")
        await wait_saved(app, pilot)
        assert app.screen is ws
        assert tui_service.load(demo_iid).status == "approved"
        assert text_of(app, "#ws-status").startswith("Approved")
        # The screen shows the record as it is, never the key that was refused.
        assert finding_shown(ws) == (stored.status if stored else "not_assessed")
        assert "not saved" not in str(app.screen.query_one("#ws-saved").render())


async def test_a_manager_on_a_submitted_inspection_reviews_and_cannot_edit(
        make_app, demo_iid, tui_service):
    tui_service.submit(demo_iid)
    tui_service.set_profile("Alex Manager", "manager")
    findings = tui_service.load(demo_iid).findings
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        ws = await open_demo(app, pilot)
        assert "v to review" in text_of(app, "#ws-status")
        await pilot.press("enter", "1", "ctrl+o")
        await wait_saved(app, pilot)
        assert app.screen is ws  # a manager does not reopen a submitted inspection
        doc = tui_service.load(demo_iid)
        assert doc.status == "submitted" and doc.findings == findings
        assert all(e.action == "submit" for e in doc.review)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        status = text_of(app, "#workflow-status")
        assert "A approves" in status and "R returns" in status and "m comments" in status
        assert "s submits" not in status and "reopens" not in status


async def test_approving_with_open_problems_warns_and_lists_them(make_app, demo_iid,
                                                                tui_service):
    tui_service.submit(demo_iid)
    tui_service.set_profile("Alex Manager", "manager")
    warnings = tui_service.approval_warnings(demo_iid)
    assert warnings  # the demo is far from finished
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_demo(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one(".dialog-title", Static).render())
        assert f"{len(warnings)} open problem" in question
        assert warnings[0].message.removesuffix(": not assessed")[:30] in question
        # The question and the keys that answer it fit 80x24.
        assert app.screen.query_one("#yes").region.bottom <= 24
        bullets = [line for line in question.splitlines() if line.startswith("•")]
        assert bullets and all(len(line) <= 54 for line in bullets)
        await pilot.press("enter")  # Enter keeps it as it is
        await pilot.pause()
        assert tui_service.load(demo_iid).status == "submitted"
        await pilot.press("A", "ctrl+y")
        await pilot.pause()
        assert tui_service.load(demo_iid).status == "approved"


def test_review_actions_are_the_state_machine_s(tui_service, demo_iid, catalogue):
    doc = tui_service.load(demo_iid)
    assert review_actions(doc, "inspector") == ("submit", "comment")
    tui_service.submit(demo_iid)
    doc = tui_service.load(demo_iid)
    assert review_actions(doc, "inspector") == ("reopen", "comment")
    assert review_actions(doc, "manager") == ("approve", "return", "comment")
    assert approval_warnings(doc, catalogue) == [
        p for p in tui_service.check(doc) if p.kind != "changed_since_approval"]


# --- issue 11 item 8: findings need evidence ---------------------------------------------

async def test_the_review_list_flags_a_finding_with_no_note_and_no_source(
        make_app, demo_iid, tui_service, catalogue):
    bare, noted, sourced = [i.id for i in list(catalogue.items())[-3:]]
    source = catalogue.edition.evidence_sources[0].id
    tui_service.set_finding(demo_iid, bare, status="met")
    tui_service.set_finding(demo_iid, noted, status="met", note="Saw the rota")
    tui_service.set_finding(demo_iid, sourced, status="met", sources=[source])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        ws = await open_demo(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        options = app.screen.query_one("#problems")
        lines = {(options.get_option_at_index(i).id or "").split("|")[-1]:
                 str(options.get_option_at_index(i).prompt)
                 for i in range(options.option_count)}
        assert "no note and no source" in lines[f"item:{bare}"]
        assert "No evidence" in lines[f"item:{bare}"]
        assert f"item:{noted}" not in lines and f"item:{sourced}" not in lines
        # Enter goes to the finding, where a source or a note clears the line.
        options.highlighted = list(lines).index(f"item:{bare}")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is ws and ws.current == ("item", bare)


async def footer_labels(app) -> list[str]:
    """The footer's keys, once it has filled in and been laid out for this screen."""
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    await until(lambda: any(k.display and k.region.width for k in footer.query("FooterKey")))
    return [str(key.render()) for key in footer.query("FooterKey") if key.display]


async def open_review(app, pilot) -> ReviewScreen:
    await open_demo(app, pilot)
    await pilot.press("v")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def test_review_keys_are_offered_only_to_whom_they_are_allowed(make_app, demo_iid,
                                                                    tui_service):
    tui_service.submit(demo_iid)  # the demo profile is an inspector's
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(app, pilot)
        labels = " ".join(await footer_labels(app))
        assert "Comment" in labels
        assert "Approve" not in labels and "Return" not in labels
        assert "Submit" not in labels  # already submitted
        titles = [title for title, _, _ in review.palette_commands()]
        assert "Add a comment" in titles and "Reopen to edit" in titles
        assert not {"Approve", "Return for changes", "Submit for review"} & set(titles)
        await pilot.press("A", "R", "s")  # a stray capital does nothing
        await pilot.pause()
        assert app.screen is review
        assert tui_service.load(demo_iid).status == "submitted"
    tui_service.set_profile("Alex Manager", "manager")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(app, pilot)
        labels = " ".join(await footer_labels(app))
        assert "Approve" in labels and "Return" in labels
        titles = [title for title, _, _ in review.palette_commands()]
        assert "Approve" in titles and "Reopen to edit" not in titles


async def test_lists_of_a_submitted_inspection_offer_no_change(make_app, demo_iid,
                                                              tui_service):
    """On a submitted inspection the areas for improvement and the young people offer their
    Add and Remove keys dimmed, and neither the keys nor Enter change or open anything."""
    from inspect_tui.tui.screens.actions import ActionForm, ActionsScreen
    from inspect_tui.tui.screens.young_people import YoungPeopleScreen

    tui_service.submit(demo_iid)
    before = tui_service.load(demo_iid)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_demo(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        assert "read-only" in text_of(app, "#actions-title")
        for action in ("add", "edit", "remove"):
            assert screen.check_action(action, ()) is None  # dimmed, does nothing
        await pilot.press("r", "m", "enter", "delete", "delete")
        await pilot.pause()
        assert app.screen is screen and not isinstance(app.screen, ActionForm)
        await pilot.press("escape", "y")
        await pilot.pause()
        people = app.screen
        assert isinstance(people, YoungPeopleScreen)
        assert people.pane.check_action("add", ()) is None
        assert people.pane.check_action("remove", ()) is None
        await pilot.press("ctrl+n", "delete", "delete")
        await pilot.pause()
        assert app.screen is people
    after = tui_service.load(demo_iid)
    assert after.actions == before.actions and after.young_people == before.young_people
