"""The review site's rules through its HTTP interface (in process, on a real hub database):
cookies, CSRF, HTTPS, throttling and lock-out, sessions, no-store, the audit trail, and a
decision refused when the state changed under the manager."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from inspect_tui.service import Service
from inspect_tui.service.demo import create_demo
from inspect_tui.sync.audit import AuditTrail, verify
from inspect_tui.sync.hub import Hub
from inspect_tui.sync.server import create_app
from inspect_tui.web.accounts import Accounts, Policy
from inspect_tui.web.app import SiteConfig, create_site
from inspect_tui.web.hub_site import hub_app

FAST = Policy(base_delay=0.0, max_delay=0.0)
PASSWORD = "plum kettle harbour seven"


@pytest.fixture(scope="session")
def hub_template(tmp_path_factory, catalogue):
    """A hub database holding the submitted demo, built once (building the demo was a
    third of these tests' time); each test gets its own copy, keys file beside it."""
    built = tmp_path_factory.mktemp("hub-template") / "built.db"
    Hub.init(built).close()
    svc = Service(built, catalogue)
    svc.set_profile("Sam Okafor", "inspector")
    svc.submit(create_demo(svc))
    svc.close()
    return built


@pytest.fixture
def hub_db(tmp_path, hub_template):
    path = tmp_path / "hub.db"
    with sqlite3.connect(hub_template) as conn:
        conn.execute("VACUUM INTO ?", (str(path),))  # one file, no -wal beside it
    conn.close()
    os.chmod(path, 0o600)
    for extra in hub_template.parent.glob(hub_template.name + ".*"):
        if not extra.name.endswith(("-wal", "-shm")):
            shutil.copy2(extra, path.with_name(path.name + extra.name[len(hub_template.name):]))
    return path


def make_client(hub_db, https=True, policy=FAST):
    hub = Hub(hub_db)
    site = create_site(hub_db, SiteConfig(insecure_dev=not https, policy=policy))
    app = hub_app(create_app(hub), site, https=https)
    client = TestClient(app, base_url="https://hub.example" if https else "http://127.0.0.1",
                        follow_redirects=False)
    client.site = site.state.site
    return client


def enrol(hub_db, name="Priya Shah"):
    hub = Hub(hub_db)
    try:
        return Accounts(hub.store).enrol(name, "manager")
    finally:
        hub.close()


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, name, secret):
    page = client.get("/sign-in")
    return client.post("/sign-in", data={"csrf_token": csrf(page.text), "name": name,
                                         "password": secret})


def signed_in(client, hub_db):
    code = enrol(hub_db)
    assert sign_in(client, "Priya Shah", code).headers["location"] == "/password"
    page = client.get("/password")
    r = client.post("/password", data={"csrf_token": csrf(page.text), "password": PASSWORD,
                                       "repeat": PASSWORD})
    assert r.status_code == 303
    return client


def test_cookies_are_secure_httponly_strict_and_every_response_is_no_store(hub_db):
    client = make_client(hub_db)
    code = enrol(hub_db)
    r = sign_in(client, "priya shah", code)
    cookie = r.headers["set-cookie"]
    assert "__Host-inspect-session=" in cookie
    for flag in ("Secure", "HttpOnly", "SameSite=strict", "Path=/"):
        assert flag in cookie
    for path in ("/sign-in", "/password", "/nowhere", "/v1/health"):
        response = client.get(path)
        assert response.headers["cache-control"] == "no-store", path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "max-age" in client.get("/sign-in").headers["strict-transport-security"]


def test_plain_http_is_refused_unless_insecure_dev(hub_db):
    client = make_client(hub_db)
    r = client.get("http://hub.example/sign-in")
    assert r.status_code == 403 and "HTTPS" in r.text
    assert client.get("http://hub.example/v1/health").status_code == 200  # sync API as before
    dev = make_client(hub_db, https=False)
    assert dev.get("/sign-in").status_code == 200
    assert "Secure" not in dev.get("/sign-in").headers["set-cookie"]


def test_every_form_needs_its_csrf_token(hub_db):
    client = make_client(hub_db)
    code = enrol(hub_db)
    client.get("/sign-in")
    r = client.post("/sign-in", data={"csrf_token": "forged", "name": "Priya Shah",
                                      "password": code})
    assert r.status_code == 403
    assert "__Host-inspect-session" not in r.headers.get("set-cookie", "")
    signed_in(client, hub_db)
    iid = client.site.service.inspection_ids()[0]
    r = client.post(f"/inspections/{iid}/decision", data={"action": "approve",
                                                          "csrf_token": "forged"})
    assert r.status_code == 403
    assert client.site.service.load(iid).status == "submitted"
    for form in re.findall(r"<form[^>]*method=\"post\".*?</form>",
                           client.get(f"/inspections/{iid}").text, re.S):
        assert 'name="csrf_token"' in form


def test_failed_sign_ins_slow_down_then_lock_out_known_and_unknown_names(hub_db):
    signed_in(make_client(hub_db), hub_db)
    client = make_client(hub_db)
    accounts = client.site.accounts
    assert accounts.delay("priya shah") == 0
    for n in range(5):
        assert sign_in(client, "Priya Shah", "wrong").status_code in (401, 429)
        if n < 4:
            assert Accounts(client.site.service.store).delay("priya shah") == 0.5 * 2 ** n
    r = sign_in(client, "Priya Shah", PASSWORD)
    assert r.status_code == 429 and "locked" in r.text
    for _ in range(5):
        sign_in(client, "Nobody Here", "wrong")
    assert "locked" in sign_in(client, "Nobody Here", "wrong").text
    later = datetime.now(UTC) + timedelta(minutes=16)
    assert accounts.locked_for("priya shah", later) == 0


def test_sessions_expire_when_idle_and_sign_out_ends_them(hub_db):
    client = make_client(hub_db)
    signed_in(client, hub_db)
    assert client.get("/inspections").status_code == 200
    token = client.cookies.get("__Host-inspect-session")
    accounts = client.site.accounts
    assert accounts.session(token, datetime.now(UTC) + timedelta(minutes=31)) is None
    assert client.get("/inspections").headers["location"] == "/sign-in"
    signed_in(client, hub_db)
    page = client.get("/inspections")
    client.post("/sign-out", data={"csrf_token": csrf(page.text)})
    assert client.get("/inspections").headers["location"] == "/sign-in"


def test_the_one_time_code_works_once(hub_db):
    client = make_client(hub_db)
    code = enrol(hub_db)
    signed_in_with = sign_in(client, "Priya Shah", code)
    assert signed_in_with.headers["location"] == "/password"
    page = client.get("/password")
    client.post("/password", data={"csrf_token": csrf(page.text), "password": PASSWORD,
                                   "repeat": PASSWORD})
    other = make_client(hub_db)
    assert sign_in(other, "Priya Shah", code).status_code == 401


def test_a_decision_on_a_changed_state_is_refused_and_shows_the_new_state(hub_db, catalogue):
    client = signed_in(make_client(hub_db), hub_db)
    iid = client.site.service.inspection_ids()[0]
    page = client.get(f"/inspections/{iid}")
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page.text).group(1)
    # The inspector reopens, edits and resubmits on the hub database meanwhile.
    laptop = Service(hub_db, catalogue)
    laptop.reopen(iid, "one more note")
    item = laptop.load(iid).findings[0].item_id
    laptop.set_finding(iid, item, note="Added after the manager opened the page")
    laptop.submit(iid)
    laptop.close()
    r = client.post(f"/inspections/{iid}/decision", data={
        "csrf_token": csrf(page.text), "digest": digest, "action": "approve", "comment": ""})
    assert r.status_code == 409 and "changed since you opened it" in r.text
    assert "Added after the manager opened the page" in r.text
    assert client.site.service.load(iid).status == "submitted"
    fresh = re.search(r'name="digest" value="([0-9a-f]+)"', r.text).group(1)
    r = client.post(f"/inspections/{iid}/decision", data={
        "csrf_token": csrf(page.text), "digest": fresh, "action": "approve", "comment": ""})
    assert r.status_code == 303
    doc = client.site.service.load(iid)
    assert doc.status == "approved" and doc.review[-1].by == "Priya Shah"


def test_a_return_needs_a_comment(hub_db):
    client = signed_in(make_client(hub_db), hub_db)
    iid = client.site.service.inspection_ids()[0]
    page = client.get(f"/inspections/{iid}")
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page.text).group(1)
    r = client.post(f"/inspections/{iid}/decision", data={
        "csrf_token": csrf(page.text), "digest": digest, "action": "return", "comment": " "})
    assert r.status_code == 409 and "needs a comment" in r.text


def test_sign_ins_views_and_downloads_are_in_the_audit_trail_without_record_text(hub_db):
    client = signed_in(make_client(hub_db), hub_db)
    iid = client.site.service.inspection_ids()[0]
    client.get("/inspections")
    client.get(f"/inspections/{iid}")
    pdf = client.get(f"/inspections/{iid}/report.pdf?copy=provider")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert client.get("/inspections/000000000000").status_code == 404
    trail = [r.as_dict() for r in AuditTrail(client.site.service.store).records()]
    kinds = [r["kind"] for r in trail]
    for kind in ("web-signin", "web-password-set", "web-view-list", "web-view-inspection",
                 "web-download"):
        assert kind in kinds
    assert {r["detail"]["account"] for r in trail if r["kind"] == "web-download"} == {
        "Priya Shah"}
    assert [r["inspections"] for r in trail if r["kind"] == "web-download"] == [[iid]]
    # The site's records are links in the hub's one chain, so `hub audit verify` covers them.
    assert verify(client.site.service.store).ok
    text = repr(trail)
    doc = client.site.service.load(iid)
    for person in doc.young_people:
        assert person.case_code not in text


def test_a_team_manager_sees_only_their_team_on_the_site(hub_db):
    client = signed_in(make_client(hub_db), hub_db)
    iid = client.site.service.inspection_ids()[0]
    assert iid in client.get("/inspections?view=all").text
    hub = Hub(hub_db)
    try:
        hub.members.set_team("Priya Shah", ["Jo Adeyemi"])  # not Sam, who holds the demo
    finally:
        hub.close()
    assert iid not in client.get("/inspections?view=all").text
    assert client.get(f"/inspections/{iid}").status_code == 404
    assert client.get(f"/inspections/{iid}/report.pdf").status_code == 404


def test_no_case_code_in_any_url(hub_db):
    client = signed_in(make_client(hub_db), hub_db)
    iid = client.site.service.inspection_ids()[0]
    codes = [y.case_code for y in client.site.service.load(iid).young_people]
    assert codes
    html = client.get(f"/inspections/{iid}").text + client.get("/inspections?view=all").text
    for url in re.findall(r'(?:href|action)="([^"]+)"', html):
        assert not any(code in url for code in codes), url


def test_the_report_page_has_real_headings_and_header_cells(hub_db):
    client = signed_in(make_client(hub_db), hub_db)
    iid = client.site.service.inspection_ids()[0]
    html = client.get(f"/inspections/{iid}").text
    assert '<html lang="en-GB">' in html
    assert html.count("OFFICIAL-SENSITIVE") >= 2
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, "a heading level is skipped"
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert len(tables) > 10
    for table in tables:
        assert "<th" in table and "<caption" in table
    for section in ("Outcome of this inspection", "Document control"):
        assert section in html


def test_an_inspection_changed_since_approval_awaits_a_decision_on_the_site(hub_db, catalogue):
    client = signed_in(make_client(hub_db), hub_db)
    iid = client.site.service.inspection_ids()[0]
    page = client.get(f"/inspections/{iid}")
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page.text).group(1)
    r = client.post(f"/inspections/{iid}/decision", data={
        "csrf_token": csrf(page.text), "digest": digest, "action": "approve", "comment": ""})
    assert r.status_code == 303
    assert "0 of 1 inspection await review" in client.get("/inspections").text
    # An edit made offline before the approval reaches the hub after it.
    from inspect_tui.store import Edit

    laptop = Service(hub_db, catalogue)
    item = laptop.load(iid).findings[0].item_id
    laptop.store.record([Edit(iid, "finding", f"{iid}/finding/{item}", "note",
                              "Seen on the second visit")], "Sam Okafor")
    laptop.close()
    listing = client.get("/inspections").text
    assert "1 of 1 inspection awaits review" in listing
    assert "Changed since approval" in listing and f"/inspections/{iid}" in listing
    page = client.get(f"/inspections/{iid}")
    assert "Changed since approval" in page.text and 'id="decide"' in page.text
    assert "Priya Shah approved this inspection, but its content has changed" in page.text
    fresh = re.search(r'name="digest" value="([0-9a-f]+)"', page.text).group(1)
    assert fresh != digest
    r = client.post(f"/inspections/{iid}/decision", data={
        "csrf_token": csrf(page.text), "digest": fresh, "action": "approve", "comment": ""})
    assert r.status_code == 303
    doc = client.site.service.load(iid)
    assert doc.status == "approved" and doc.review[-1].digest == fresh
    page = client.get(f"/inspections/{iid}")
    assert 'id="decide"' not in page.text and "status-approved" in page.text, page.text[:3000]
    assert "0 of 1 inspection await review" in client.get("/inspections").text
