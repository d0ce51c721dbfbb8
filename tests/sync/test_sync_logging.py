"""What the logs say about sync, reports and exports: the hub's one line per request and per
refusal on stderr, the laptop's file, and, in neither, a name, a case code, a note or a
token."""

from __future__ import annotations

import re
import socket
import time

import httpx
from testkit import run_cli

from inspect_tui.cli.logs import LOG_FILE
from inspect_tui.store import Edit

from .sync_helpers import enrol_code, token_of

SENSITIVE_KEYS = {"lead_inspector", "team", "name", "label", "note", "case_code", "text",
                  "comment", "override_reason", "risk_management_note"}
REQUEST = re.compile(r"INFO inspect_tui\.sync\.access_log: request method=(\w+) "
                     r"path=(\S+) status=(\d+) ms=\d+\.\d device=(\S+) in=\d+ out=\d+$")


def sensitive_values(doc) -> set[str]:
    """Every name, case code and note of an exported inspection document."""
    found: set[str] = set()

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, "note" if key == "rationale" else k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in SENSITIVE_KEYS and len(value) >= 4:
            found.add(value[:24])  # a prefix: a truncated leak is still a leak

    walk(doc)
    return found


def wait_for(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.02)
    return predicate()


def test_no_log_names_a_person_and_the_hub_logs_requests_and_refusals(
        hub_db, hub_process, service, demo_id, db_path, log_dir, tmp_path, capsys):
    doc = service.export_document(demo_id)
    db = ["--db", str(db_path)]
    code = enrol_code(hub_db, "Sam Okafor", "inspector")
    assert run_cli(capsys, "sync", "--hub", hub_process.url, "--enrol", code, *db
                   ).returncode == 0
    report = run_cli(capsys, "report", demo_id, "-o", str(tmp_path / "r.pdf"),
                     "--audience", "provider", *db)
    assert report.returncode == 0
    assert run_cli(capsys, "export", demo_id, "-o", str(tmp_path / "x.json"), *db
                   ).returncode == 0
    assert run_cli(capsys, "export-cse", "-o", str(tmp_path / "c.csv"), *db).returncode == 0
    # An inspector's laptop that approves: the hub refuses the push.
    entry = {"action": "approve", "by": "Sam Okafor", "role": "manager",
             "at": "2026-11-27T10:00:00.000Z", "comment": "Approved for Sam Okafor"}
    [approval] = service.store.record(
        [Edit(demo_id, "review", f"{demo_id}/review/approve", "entry", entry)], "Sam Okafor")
    refused = run_cli(capsys, "sync", *db)
    assert refused.returncode == 2 and "may not approve" in refused.stderr
    token = token_of(service)
    assert token, "the token is kept where the laptop keeps its secrets"
    bad = httpx.get(f"{hub_process.url}/v1/vector?child=LL-0417",
                    headers={"Authorization": "Bearer NOT-A-REAL-TOKEN-123"})
    assert bad.status_code == 401

    laptop = (log_dir / LOG_FILE).read_text("utf-8")
    assert wait_for(lambda: "status=401" in hub_process.log())
    hub = hub_process.log()
    device = service.store.device
    # The laptop: the sync, the report, the exports and the refusal, each on a line.
    assert re.search(rf"sync hub=127\.0\.0\.1:{hub_process.port} sent=\d+ received=0 "
                     r"conflicts=0 outcome=ok", laptop)
    assert f"report inspection={demo_id} audience=provider" in laptop
    assert f"export inspection={demo_id} written to {tmp_path / 'x.json'}" in laptop
    assert re.search(rf"cse export format=csv inspections=1 ref=\w+ written to {tmp_path}", laptop)
    assert re.search(r"WARNING inspect_tui\.sync\.client: sync hub=\S+ sent=0 received=\d+ "
                     r"outcome=failed: .*may not approve", laptop)
    # The hub: one structured line per request, the device once authenticated.
    lines = [REQUEST.search(line) for line in hub.splitlines() if " request " in line]
    assert lines and all(lines), hub
    seen = {(m[1], m[2], m[3], m[4]) for m in lines}
    assert ("POST", "/v1/enrol", "200", "-") in seen
    assert ("GET", "/v1/vector", "200", device) in seen
    assert ("POST", "/v1/push", "403", device) in seen
    assert ("GET", "/v1/vector", "401", "-") in seen
    assert re.search(rf"WARNING inspect_tui\.sync\.access_log: refused status=403 "
                     rf"device={device} event={approval.id} path=/v1/push reason: .*approve",
                     hub)
    assert ("refused status=401 device=- event=- path=/v1/vector reason: unknown, expired "
            "or revoked") in hub
    assert "uvicorn" not in hub and "Traceback" not in hub
    # The hub's own log file has the command, not the requests (they are for its journal).
    hub_file = (hub_db.parent / "hub-log" / LOG_FILE).read_text("utf-8")
    assert "command hub serve" in hub_file and " request " not in hub_file
    assert " request " not in laptop
    # Neither log names anyone, nor carries a case code, a note, a token or the query.
    leaks = sensitive_values(doc) | {"Okafor", "Lindqvist", "LL-04", token, code,
                                     "NOT-A-REAL-TOKEN", "child="}
    assert len(leaks) > 20
    for text, where in ((laptop, "laptop log"), (hub, "hub stderr"), (hub_file, "hub log")):
        found = sorted(leak for leak in leaks if leak in text)
        assert not found, f"{where} leaks {found}"


def test_a_client_that_hangs_up_is_one_line(hub_process):
    with socket.create_connection(("127.0.0.1", hub_process.port), timeout=10) as sock:
        sock.sendall(b"POST /v1/enrol HTTP/1.1\r\nHost: hub\r\nContent-Length: 5000\r\n"
                     b"Content-Type: application/json\r\nExpect: 100-continue\r\n\r\n")
        # "100 Continue" comes when the hub starts reading the body: hang up half-way.
        assert b"100 Continue" in sock.recv(1024)
        sock.sendall(b'{"code": "ABCD')
    assert wait_for(lambda: "dropped" in hub_process.log()), hub_process.log()
    assert httpx.get(f"{hub_process.url}/v1/health").status_code == 200  # and it serves on
    assert wait_for(lambda: "path=/v1/health" in hub_process.log())
    log = hub_process.log()
    [dropped] = [line for line in log.splitlines() if "dropped" in line]
    assert "path=/v1/enrol" in dropped and "client closed the connection" in dropped
    assert "Traceback" not in log and "Exception" not in log
