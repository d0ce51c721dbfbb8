"""`inspect-tui export-cse`: anonymity (no case code, id or free text leaks), format, 0600."""

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
    [inspection] = data["inspections"]
    assert inspection["inspection_ref"] == doc.id
    victims = inspection["victims"]
    assert {v["victim_ref"] for v in victims} == {"V1", "V2"}
    ll0417 = next(v for v in victims if v["missing_episodes"] == 4)
    assert ll0417["classification"] == "heightened_risk"
    assert ll0417["suggested_classification"] == "experiencing_exploitation"
    assert ll0417["classification_override"] is True
    assert ll0417["missing_with_adults"] == 2 and ll0417["return_interviews_late"] == 2
    assert ll0417["reg27_notified"] is False
    assert ll0417["perpetrators"] == [{"perpetrator_sex": "male",
                                       "perpetrator_age_band": "25_to_34",
                                       "perpetrator_ethnicity": "not-known"}]
    # LL-0422 has no known concerns: data minimisation keeps them out
    assert all(v["classification"] != "no_known_concerns" for v in victims)


def test_csv_long_format(exported):
    run, _ = exported
    rows = list(csv.DictReader(io.StringIO(run("csv").read_text("utf-8"))))
    assert [r["record_type"] for r in rows].count("victim") == 2
    perp = [r for r in rows if r["record_type"] == "perpetrator"]
    assert len(perp) == 1 and perp[0]["perpetrator_sex"] == "male"


def test_existing_file_is_made_private(exported, tmp_path):
    run, _ = exported
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o644)
    run("csv")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_stdout_and_empty_database(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "empty.db"), "export-cse", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["inspections"] == []
