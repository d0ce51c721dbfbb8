"""The one time policy (domain/time.py) under the 24-hour and 72-hour rules: England local
times, real elapsed time across both 2026 clock changes (29 March forward, 25 October
back), times that do not exist or occur twice, imports with an offset or Z, and one answer
to "as of when" shared by the CSE screen, the review list, the report and the export."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime, timedelta

import pytest
from pydantic import ValidationError
from pypdf import PdfReader
from testkit import run_cli, until

from inspect_tui.domain.cse.checks import record_problems
from inspect_tui.domain.cse.models import CseRecord, MissingEpisode, Notification
from inspect_tui.domain.cse.rules import deadlines_as_of
from inspect_tui.domain.cse.statistics import cse_counts
from inspect_tui.domain.time import elapsed, parse_recorded, shown, typed
from inspect_tui.errors import Invalid, describe_validation

# (returned, held, real hours, on time): the clock faces say otherwise in every row but
# the plain ones. Autumn: 25 Oct 2026 01:00-01:59 happens twice; spring: 29 Mar 2026
# 01:00-01:59 never happens.
RHI_CASES = [
    ("autumn, the issue's example", "2026-10-24 12:00", "2026-10-27 11:30", 72.5, False),
    ("autumn, exactly 72 real hours", "2026-10-24 12:00", "2026-10-27 11:00", 72, True),
    ("autumn, a minute over", "2026-10-24 12:00", "2026-10-27 11:01", 72 + 1 / 60, False),
    ("spring, 72½ on the clock", "2026-03-28 12:00", "2026-03-31 12:30", 71.5, True),
    ("spring, exactly 72 real hours", "2026-03-28 12:00", "2026-03-31 13:00", 72, True),
    ("spring, a minute over", "2026-03-28 12:00", "2026-03-31 13:01", 72 + 1 / 60, False),
    ("no change, 72 hours", "2026-11-02 09:00", "2026-11-05 09:00", 72, True),
    ("no change, a minute over", "2026-11-02 09:00", "2026-11-05 09:01", 72 + 1 / 60, False),
]

# (event, made, real hours, within 24 hours)
NOTIFY_CASES = [
    ("autumn, 23½ on the clock", "2026-10-24 18:00", "2026-10-25 17:30", 24.5, False),
    ("autumn, exactly 24 real hours", "2026-10-24 18:00", "2026-10-25 17:00", 24, True),
    ("spring, 24½ on the clock", "2026-03-28 18:00", "2026-03-29 18:30", 23.5, True),
    ("spring, exactly 24 real hours", "2026-03-28 18:00", "2026-03-29 19:00", 24, True),
    ("spring, a minute over", "2026-03-28 18:00", "2026-03-29 19:01", 24 + 1 / 60, False),
    ("no change, a minute over", "2026-11-02 18:00", "2026-11-03 18:01", 24 + 1 / 60, False),
]


@pytest.mark.parametrize("name, returned, held, hours, on_time", RHI_CASES,
                         ids=[c[0] for c in RHI_CASES])
def test_72_hour_rule_on_real_time(name, returned, held, hours, on_time):
    episode = MissingEpisode(id="e", went_missing_at="2026-01-01 20:00",
                             returned_at=returned, rhi_held_at=held)
    assert episode.rhi_delay == timedelta(hours=hours)
    assert episode.rhi_on_time(datetime(2027, 1, 1)) is on_time
    problems = record_problems(CseRecord(young_person_id="yp", missing_episodes=[episode]),
                               "LL-0001", {}, datetime(2027, 1, 1), "cse:yp")
    assert any(p.kind == "cse_rhi_late" for p in problems) is (not on_time)


@pytest.mark.parametrize("name, event, made, hours, within", NOTIFY_CASES,
                         ids=[c[0] for c in NOTIFY_CASES])
def test_24_hour_rule_on_real_time(name, event, made, hours, within):
    note = Notification(id="n", kind="reg27_ofsted", event_at=event, made_at=made)
    assert note.delay == timedelta(hours=hours)
    assert note.within_24h is within
    problems = record_problems(CseRecord(young_person_id="yp", notifications=[note]),
                               "LL-0001", {}, datetime(2027, 1, 1), "cse:yp")
    assert any(p.kind == "cse_late_notification" for p in problems) is (not within)


# (returned, as of, judged): not held yet; "as of" runs across the change too.
RUNNING_CASES = [
    ("autumn, 72½ real hours on", "2026-10-24 12:00", datetime(2026, 10, 27, 11, 30), False),
    ("autumn, 71 real hours on", "2026-10-24 12:00", datetime(2026, 10, 27, 10, 0), None),
    ("spring, 72½ on the clock", "2026-03-28 12:00", datetime(2026, 3, 31, 12, 30), None),
    ("spring, 73 on the clock", "2026-03-28 12:00", datetime(2026, 3, 31, 13, 1), False),
]


@pytest.mark.parametrize("name, returned, as_of, judged", RUNNING_CASES,
                         ids=[c[0] for c in RUNNING_CASES])
def test_an_interview_not_held_falls_due_on_real_time(name, returned, as_of, judged):
    episode = MissingEpisode(id="e", returned_at=returned)
    assert episode.rhi_on_time(as_of) is judged


def test_the_late_message_gives_the_real_time_and_the_zone():
    episode = MissingEpisode(id="e", went_missing_at="2026-10-23 21:00",
                             returned_at="2026-10-24 12:00", rhi_held_at="2026-10-27 11:30")
    note = Notification(id="n", kind="reg27_ofsted", event_at="2026-10-24 18:00",
                        made_at="2026-10-25 17:30")
    record = CseRecord(young_person_id="yp", missing_episodes=[episode], notifications=[note])
    text = " | ".join(p.message for p in record_problems(record, "LL-0001", {},
                                                          datetime(2027, 1, 1), "cse:yp"))
    assert "held 72 hours 30 minutes after the return" in text
    assert "made 24 hours 30 minutes after the event (24 Oct 2026 18:00 BST)" in text


# --- times that do not exist or occur twice ---------------------------------------------

def test_a_time_in_the_spring_gap_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as caught:
        MissingEpisode(id="e", returned_at="2026-03-29 01:30")
    message = describe_validation(caught.value)
    assert message.startswith("returned_at: 2026-03-29 01:30 does not exist in England")
    assert "02:30 BST" in message and "\n" not in message


def test_a_time_in_the_autumn_fold_needs_bst_or_gmt():
    with pytest.raises(ValidationError) as caught:
        Notification(id="n", kind="police", made_at="2026-10-25 01:30")
    message = describe_validation(caught.value)
    assert message.startswith("made_at: 2026-10-25 01:30 happens twice in England")
    assert "BST for the first" in message and "GMT for the second" in message
    first = parse_recorded("2026-10-25 01:30 BST")
    second = parse_recorded("2026-10-25 01:30 GMT")
    assert elapsed(first, second) == timedelta(hours=1)
    assert typed(second) == "2026-10-25 01:30 GMT" and shown(first) == "25 Oct 2026 01:30 BST"
    # A zone name that was not in force is a mistake, not a conversion.
    with pytest.raises(ValueError, match="England was on BST then, not GMT"):
        parse_recorded("2026-07-01 12:00 GMT")


def test_the_service_keeps_which_of_two_times_was_meant(service):
    iid = _inspection(service, "2026-10-26", "2026-10-27")
    yp = service.add(iid, "young_person", case_code="LL-0001")
    with pytest.raises(Invalid, match=r"^missing episode: returned_at: .* happens twice"):
        service.cse.add_missing_episode(iid, yp, went_missing_at="2026-10-24 21:00",
                                        returned_at="2026-10-25 01:30")
    with pytest.raises(Invalid, match=r"returned_at: 2026-03-29 01:15 does not exist"):
        service.cse.add_missing_episode(iid, yp, returned_at="2026-03-29 01:15")
    assert service.load(iid).cse_record(yp).missing_episodes == []  # nothing written
    eid = service.cse.add_missing_episode(iid, yp, went_missing_at="2026-10-25 01:10 BST",
                                          returned_at="2026-10-25 01:20 GMT")
    episode = service.load(iid).cse_record(yp).episode(eid)
    assert elapsed(episode.went_missing_at, episode.returned_at) == timedelta(minutes=70)
    assert typed(episode.returned_at) == "2026-10-25 01:20 GMT"
    # An edit of another field leaves it as it is.
    service.cse.update_missing_episode(iid, yp, eid, police_informed="yes")
    assert typed(service.load(iid).cse_record(yp).episode(eid).returned_at) == \
        "2026-10-25 01:20 GMT"


def test_a_doubled_time_stored_before_the_rule_is_still_read():
    """An old record (or an older device's sync) with 01:30 on 25 Oct and no zone: read as
    the first 01:30, never refused, so the inspection opens."""
    episode = MissingEpisode.model_validate(
        {"id": "e", "returned_at": "2026-10-25T01:30:00", "rhi_held_at": "2026-10-28T00:30:00"},
        context={"stored": True})
    assert episode.rhi_delay == timedelta(hours=72)


# --- import with an offset or Z ---------------------------------------------------------

def test_import_converts_times_with_an_offset_or_z(service, capsys, tmp_path):
    iid = _inspection(service, "2026-10-27", "2026-10-28")
    yp = service.add(iid, "young_person", case_code="LL-0001")
    service.cse.add_missing_episode(iid, yp, went_missing_at="2026-10-23 21:00")
    data = service.export_document(iid)
    data["id"] = "imported00001"
    [episode] = data["cse"][0]["missing_episodes"]
    episode.update(returned_at="2026-10-24T11:00:00Z",            # 12:00 BST
                   rhi_held_at="2026-10-27T11:30:00+00:00")       # 11:30 GMT
    # 00:30 UTC is the first 01:30 (BST), 01:30 UTC the second (GMT).
    data["cse"][0]["notifications"] = [{"id": "n1", "kind": "reg27_ofsted",
                                        "event_at": "2026-10-25T00:30:00+00:00",
                                        "made_at": "2026-10-25T01:30:00Z"}]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli(capsys, "--db", str(service.store.path), "import", str(path))
    assert result.returncode == 0, result.stderr
    record = service.load("imported00001").cse_record(yp)
    [episode] = record.missing_episodes
    assert episode.returned_at == datetime(2026, 10, 24, 12, 0)   # England local, no zone
    assert episode.rhi_held_at == datetime(2026, 10, 27, 11, 30)
    assert episode.rhi_within_72h is False
    [note] = record.notifications
    assert typed(note.event_at) == "2026-10-25 01:30 BST"
    assert typed(note.made_at) == "2026-10-25 01:30 GMT"
    assert note.delay == timedelta(hours=1)
    problems = [p.message for p in service.check(service.load("imported00001"))
                if p.kind == "cse_rhi_late"]
    assert problems and "72 hours 30 minutes" in problems[0]


# --- one "as of" for the screen, the review list, the report and the export -------------

def _inspection(service, start: str, end: str) -> str:
    return service.create_inspection(
        provider={"name": "Test Provider", "urn": "2999902", "categories": [1]}, type="full",
        start_date=start, end_date=end, lead_inspector="Sam Okafor")


def _pdf_text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))


async def test_screen_review_list_report_and_export_agree_on_lateness(service, make_app):
    """Two episodes on an inspection that ended on 28 Oct 2026, looked at on 27 Nov: one
    interview held 72½ real hours after the return (late, across the clock change), one
    return 28 hours before the end with no interview yet (still running as of the end,
    though a month has passed since). Every view says the same of both."""
    from textual.widgets import DataTable

    from inspect_tui.service.reports import render_report
    from inspect_tui.tui.screens.cse import CseScreen

    iid = _inspection(service, "2026-10-27", "2026-10-28")
    yp = service.add(iid, "young_person", case_code="LL-0001")
    late = service.cse.add_missing_episode(
        iid, yp, went_missing_at="2026-10-23 21:00", returned_at="2026-10-24 12:00",
        rhi_held_at="2026-10-27 11:30")
    running = service.cse.add_missing_episode(
        iid, yp, went_missing_at="2026-10-27 18:00", returned_at="2026-10-27 20:00")
    doc = service.load(iid)
    assert deadlines_as_of(doc) == datetime(2026, 10, 28, 23, 59, 59, 999999)

    # The review list (and `inspect-tui check`).
    late_lines = [p.message for p in service.check(doc) if p.kind == "cse_rhi_late"]
    assert late_lines == ["LL-0001: missing episode of 23 Oct 2026: return home interview "
                          "held 72 hours 30 minutes after the return, later than 72 hours "
                          "(the placing authority's duty is to offer one within 72 hours; the "
                          "provider's is to tell the authority of the return and cooperate)"]
    # The export's counts (the same counts the report prints).
    values = cse_counts([doc], service.cse.indicator_types()).values
    assert (values["episodes"], values["rhi_due"], values["rhi_on_time"]) == (2, 1, 0)
    # The report.
    text = _pdf_text(render_report(service, iid, "manager", invariant=True))
    assert "within 72 hours of return 0 of 1 (0%)" in text
    assert "2 (0 interviews on time)" in text
    # The CSE screen, opened a month after the inspection ended.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.today == date(2026, 11, 27)
        app.push_screen(CseScreen(service, iid, yp, tab="tab-missing"))
        await until(lambda: isinstance(app.screen, CseScreen) and app.screen.case_code)
        table = app.screen.query_one("#ep-table", DataTable)
        await until(lambda: table.row_count == 2)
        cells = {str(key.value): table.get_row(key)[-1] for key in table.rows}
        assert cells == {late: "NO", running: ""}
