"""A reg 27 notification with the time it was made but not the time of the event it
notifies: Ofsted's 24-hour guidance cannot be judged, and the one rule in the domain says
so; `check`, the review list and the PDF show it."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime

import pytest
from pypdf import PdfReader
from testkit import run_cli

from inspect_tui.domain.cse.checks import KIND_LABELS, indicator_types, record_problems
from inspect_tui.domain.cse.models import CseRecord
from inspect_tui.service.reports import render_report

AS_OF = datetime(2026, 11, 20, 23, 59)
KIND = "cse_notification_no_event_time"


def _kinds(catalogue, *notes):
    record = CseRecord(young_person_id="yp1", notifications=[
        {"id": f"n{n}", **x} for n, x in enumerate(notes)])
    problems = record_problems(record, "YP-01", indicator_types(catalogue), AS_OF, "cse:yp1")
    return [p for p in problems if p.kind == KIND]


@pytest.mark.parametrize("note, flagged", [
    ({"kind": "reg27_ofsted", "made_at": "2026-11-02 15:00"}, True),
    ({"kind": "reg27_ofsted", "event_at": "2026-11-02 07:00", "made_at": "2026-11-02 15:00"},
     False),
    ({"kind": "reg27_ofsted", "event_at": "2026-11-02 07:00"}, False),  # not made: its own rule
    ({"kind": "reg27_ofsted"}, False),
    ({"kind": "police", "made_at": "2026-11-02 15:00"}, False),  # not a reg 27 notification
])
def test_a_made_reg27_without_an_event_time_is_a_problem(catalogue, note, flagged):
    found = _kinds(catalogue, note)
    assert bool(found) is flagged
    if flagged:
        [problem] = found
        assert problem.message.startswith("YP-01:") and problem.where == "cse:yp1"
        assert "24 hours cannot be judged" in problem.message
        assert "made 2 Nov 2026 15:00" in problem.message


def _undated_event(service, demo_id):
    doc = service.load(demo_id)
    person = next(y for y in doc.young_people if y.case_code == "LL-0436")
    service.cse.add_notification(demo_id, person.id, kind="reg27_ofsted",
                                 made_at="2026-11-03 10:00")
    return person


def test_check_review_list_and_pdf_show_it(service, demo_id, db_path, capsys):
    # The demo's reg 27 notifications all have their event time.
    assert not [p for p in service.check(service.load(demo_id)) if p.kind == KIND]
    person = _undated_event(service, demo_id)
    code, out, _ = run_cli(capsys, "check", demo_id, "--json", "--db", str(db_path))
    assert code == 0
    found = [p for p in json.loads(out) if p["kind"] == KIND]
    assert len(found) == 1 and found[0]["message"].startswith("LL-0436:")
    assert found[0]["where"] == f"cse:{person.id}"
    # The review list is built from the same problems, labelled by kind.
    [listed] = [p for p in service.check(service.load(demo_id)) if p.kind == KIND]
    assert listed.message == found[0]["message"] and KIND in KIND_LABELS
    pages = PdfReader(io.BytesIO(render_report(service, demo_id, "manager",
                                               invariant=True))).pages
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))
    assert "24 hours cannot be judged" in text
