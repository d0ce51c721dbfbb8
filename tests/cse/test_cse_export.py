"""`inspect-tui export-cse`: anonymity (no case code, id, free text or small number leaks),
format, 0600."""

from __future__ import annotations

import csv
import io
import json
import re
import stat

import pytest

from inspect_tui.cli import main


@pytest.fixture
def exported(service, demo_id, db_path, tmp_path, capsys):
    doc = service.load(demo_id)
    yp = next(y.id for y in doc.young_people if y.case_code == "LL-0417")
    service.cse.update_record(demo_id, yp, risk_management_note="SECRET-NOTE waking night")
    service.cse.set_indicator(demo_id, yp, "cse.sign.self-harm", answer="present",
                      source="SECRET-SOURCE")
    service.cse.set_classification(demo_id, yp, "heightened_risk", "SECRET-REASON peer")
    service.close()

    def run(fmt):
        out = tmp_path / f"out.{fmt}"
        assert main(["--db", str(db_path), "export-cse", "--format", fmt, "-o", str(out)]) == 0
        return out
    return run, doc


def _free_text_and_ids(doc):
    leaks = {y.case_code for y in doc.young_people} | {y.id for y in doc.young_people}
    leaks |= {"SECRET-NOTE", "SECRET-SOURCE", "SECRET-REASON", "boyfriend", "online safety"}
    leaks |= {p.label for p in doc.premises}
    leaks.add(doc.provider.name)
    return leaks


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_is_anonymised(exported, fmt):
    run, doc = exported
    path = run(fmt)
    text = path.read_text("utf-8")
    for leak in _free_text_and_ids(doc):
        assert leak not in text, leak
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "no exact dates leave"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_json_content(exported):
    run, doc = exported
    data = json.loads(run("json").read_text("utf-8"))
    assert data["version"] == 2
    [inspection] = data["inspections"]
    assert inspection["inspection_ref"].startswith(data["export_ref"])
    assert doc.id not in json.dumps(data), "the internal inspection id never leaves"
    assert inspection["inspection_month"] == doc.start_date.strftime("%Y-%m")
    # Two victims and three young people tracked: every count is hidden, and no table whose
    # total is hidden is broken down (its zeros would say "all of them are female").
    sex = data["tables"]["victims_sex"]
    assert sex["total"] == {"Victims": "*"} and set(sex["rows"].values()) == {"*"}
    assert data["tables"]["classification"]["total"] == {"Young people tracked": "*"}
    assert data["counts"]["Missing episodes"] == "*"
    assert data["counts"]["Reg 27 notifications to Ofsted made"] == 0


def test_each_export_has_its_own_reference(exported):
    run, _ = exported
    first = json.loads(run("json").read_text("utf-8"))["export_ref"]
    second = json.loads(run("json").read_text("utf-8"))["export_ref"]
    assert first != second, "two exports must not be joinable by their reference"


def test_csv_long_format(exported):
    run, _ = exported
    rows = list(csv.DictReader(io.StringIO(run("csv").read_text("utf-8"))))
    assert [r["table"] for r in rows].count("inspection") == 1
    sex = {r["row"]: r["count"] for r in rows if r["table"] == "victims_sex"}
    assert sex == {"Female": "*", "Male": "*", "Other": "*", "Not known": "*", "Victims": "*"}


def test_existing_file_is_made_private(exported, tmp_path):
    run, _ = exported
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o644)
    run("csv")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_stdout_and_empty_database(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "empty.db"), "export-cse", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["inspections"] == [] and data["tables"]["victims_sex"]["total"] == {
        "Victims": 0}
