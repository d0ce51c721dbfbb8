"""The review site in a real browser (headless Chromium) against a real ``hub serve``.

A manager signs in with the code from ``hub enrol --web``, sets a password, opens the
inspection, downloads the PDF and returns it with a comment; the inspector's laptop syncs
over HTTP and shows the comment, resubmits; the manager approves in the browser; the
laptop's report says FINAL. axe-core runs on every page in the same browser, and every
page is photographed at 1280x800 and at phone width (``WEB_SHOTS=DIR`` keeps them).
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from sync.conftest import HubProcess
from sync.sync_helpers import enrol_code
from testkit import run_cli

from inspect_tui.service.reports import render_report
from inspect_tui.sync.client import sync_now
from inspect_tui.sync.hub import Hub

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="needs Debian's chromium (.ci/run installs it with apt-get)"),
]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for this file's tests, each with a context of its own.

    Not one per session: while Playwright's sync API is open it holds an asyncio loop
    running in this thread, and every asyncio test after it (Textual's, the snapshots')
    would find "a running event loop" and fail. Pytest ends a module's fixtures before a
    test of another module runs."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser(chromium):
    """A fresh context (no cookies, no storage) in the session's browser."""
    context = chromium.new_context(accept_downloads=True,
                                   viewport={"width": 1280, "height": 800})
    try:
        yield context
    finally:
        context.close()


class Looker:
    """Runs axe on a page and photographs it at both widths.

    The report on the inspection page (two thousand elements: most of axe's time, colour
    contrast above all) changes little between states. Axe checks each of its sections
    once: on a later page it leaves out a section only if its markup is the same to the
    character as one already checked."""

    def __init__(self, folder: Path):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.pages: list[str] = []
        self.checked: set[str] = set()  # sections' markup, as axe has checked it

    def look(self, page, name: str) -> None:
        sections = page.eval_on_selector_all(
            "#report > section[aria-labelledby]",
            "all => all.map(e => [e.getAttribute('aria-labelledby'), e.outerHTML])")
        same = [[f'#report > section[aria-labelledby="{label}"]']
                for label, markup in sections if markup in self.checked]
        results = self.axe.run(page, context={"exclude": same} if same else None)
        self.checked.update(markup for _label, markup in sections)
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
        assert not bad, f"{name}: axe finds {bad}"
        for label, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=str(self.folder / f"{name}-{label}.png"), full_page=False)
        page.set_viewport_size({"width": 1280, "height": 800})
        self.pages.append(name)


def hub_enrol_web(capsys, hub_db: Path, name: str) -> str:
    """``inspect-tui hub enrol NAME --role manager --web``, in-process: the code it prints."""
    code, out, err = run_cli(capsys, "hub", "enrol", name, "--role", "manager", "--web",
                             "--db", str(hub_db))
    assert code == 0, err
    return out.strip().splitlines()[-1]


def report_text(service, iid: str) -> str:
    reader = PdfReader(io.BytesIO(render_report(service, iid)))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_manager_returns_then_approves_in_the_browser(tmp_path, service, demo_id, browser,
                                                       capsys):
    hub = Hub.init(tmp_path / "hub.db")
    hub_db = hub.path
    hub.close()
    server = HubProcess(hub_db, args=("--insecure-dev",)).start()
    try:
        run_review(tmp_path, hub_db, server.url, service, demo_id, browser, capsys)
    finally:
        server.stop()


def run_review(tmp_path, hub_db, url, laptop, iid, browser, capsys) -> None:
    shots = Path(os.environ.get("WEB_SHOTS") or tmp_path / "shots")
    looker = Looker(shots)
    sync_now(laptop, hub=url, enrol_code=enrol_code(hub_db, "Sam Okafor", "inspector"))
    laptop.submit(iid)
    sync_now(laptop)
    code = hub_enrol_web(capsys, hub_db, "Priya Shah")

    page = browser.new_page()
    page.goto(f"{url}/inspections")
    assert page.url == f"{url}/sign-in"
    looker.look(page, "sign-in")
    # By keyboard alone: the skip link comes first, then the form.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.get_by_label("Your name").fill("priya  SHAH")
    page.get_by_label("Password or one-time code").fill("wrong code")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "do not match" in page.get_by_role("alert").inner_text()
    looker.look(page, "sign-in-failed")
    page.get_by_label("Password or one-time code").fill(code.lower())
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/password")
    looker.look(page, "set-password")
    page.get_by_label("New password").fill("short")
    page.get_by_label("The same password again").fill("short")
    page.get_by_label("The same password again").evaluate("e => e.form.noValidate = true")
    page.get_by_role("button", name="Set password").click()
    assert "at least 12" in page.get_by_role("alert").inner_text()
    page.get_by_label("New password").fill("plum kettle harbour seven")
    page.get_by_label("The same password again").fill("plum kettle harbour seven")
    page.get_by_role("button", name="Set password").click()
    page.wait_for_url(f"{url}/inspections")
    looker.look(page, "awaiting-review")
    provider = laptop.load(iid).provider.name
    page.get_by_role("link", name="Show all inspections").click()
    page.get_by_label("Status").select_option("submitted")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_role("link", name=provider).count() == 1
    looker.look(page, "all-inspections")

    page.goto(f"{url}/inspections/000000000000")
    assert "no inspection here that you may see" in page.locator("main").inner_text()
    looker.look(page, "not-found")
    page.go_back()
    page.get_by_role("link", name=provider).click()
    assert page.url == f"{url}/inspections/{iid}"
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator("h1").inner_text().startswith(provider)
    assert page.locator("th[scope=col]").count() > 10
    assert "OFFICIAL-SENSITIVE" in page.locator("body").inner_text()
    looker.look(page, "inspection")
    with page.expect_download() as download:
        page.get_by_role("link", name="Manager copy (PDF)").click()
    pdf = PdfReader(download.value.path())
    assert "DRAFT" in pdf.pages[0].extract_text() or "Draft" in pdf.pages[0].extract_text()

    page.get_by_label("Comment").fill("Please add the evidence for reg 5(2)(f).")
    page.get_by_role("button", name="Return with comment").click()
    page.wait_for_url(f"{url}/inspections/{iid}?done=returned")
    assert "returned this inspection" in page.get_by_role("status").inner_text()
    looker.look(page, "returned")

    sync_now(laptop)
    doc = laptop.load(iid)
    assert doc.status == "returned"
    assert doc.review[-1].comment == "Please add the evidence for reg 5(2)(f)."
    assert doc.review[-1].by == "Priya Shah" and doc.review[-1].role == "manager"
    laptop.submit(iid, "Evidence added.")
    sync_now(laptop)

    page.goto(f"{url}/inspections/{iid}")
    # By keyboard alone, the focus visible on the way: Tab to Approve, then Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "approve":
            break
    else:
        pytest.fail("Approve cannot be reached with Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.screenshot(path=str(shots / "approve-focused-desktop.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/inspections/{iid}?done=approved")
    looker.look(page, "approved")
    sync_now(laptop)
    assert laptop.load(iid).status == "approved"
    assert "FINAL" in report_text(laptop, iid)

    page.get_by_role("button", name="Sign out").click()
    looker.look(page, "signed-out")
    page.goto(f"{url}/inspections/{iid}")
    assert page.url == f"{url}/sign-in"
    assert set(looker.pages) >= {"sign-in", "set-password", "awaiting-review",
                                 "all-inspections", "inspection", "signed-out"}
