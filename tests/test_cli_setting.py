"""`inspect-tui setting`: the setting details without the TUI, in-process through main()."""

from __future__ import annotations

import json

from inspect_tui.cli import main


def test_show_set_and_refuse(db_path, demo_id, capsys):
    db = ["--db", str(db_path)]
    assert main([*db, "setting", demo_id[:6], "--registered-manager", "Ana Ruiz",
                 "--previous-date", "2024-02-01", "--previous-outcome", "Inconsistent",
                 "--enforcement", "Compliance notice, May 2025", "--categories", "1,3"]) == 0
    out = capsys.readouterr().out
    assert "Registered manager:     Ana Ruiz" in out
    assert "Previous inspection:    2024-02-01: Inconsistent" in out
    assert main([*db, "setting", demo_id, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["provider"]["categories"] == [1, 3]
    assert data["previous_inspection"] == {"none": False, "date": "2024-02-01",
                                           "outcome": "Inconsistent"}
    assert data["enforcement"] == {"none": False, "actions": "Compliance notice, May 2025"}
    assert main([*db, "setting", demo_id, "--no-previous", "--no-enforcement"]) == 0
    capsys.readouterr()
    for bad in (["--categories", "1,x"], ["--categories", "5"],
                ["--previous-date", "2099-01-01"], ["--no-previous", "--previous-outcome", "X"]):
        assert main([*db, "setting", demo_id, *bad]) != 0, bad
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "Traceback" not in err[0], bad
    assert main([*db, "setting", demo_id, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["previous_inspection"]["none"] and data["enforcement"]["none"]
    assert data["provider"]["categories"] == [1, 3]
