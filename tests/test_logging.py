"""The laptop's log: a private, bounded file of commands, reports, exports and errors, with
``--verbose`` on stderr too, and nothing that names a person."""

from __future__ import annotations

import logging
import stat

import pytest
from testkit import run_cli

from inspect_tui.cli import logs


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def log_text(log_dir) -> str:
    return (log_dir / logs.LOG_FILE).read_text("utf-8")


def test_commands_are_logged_privately_without_their_values(service, db_path, log_dir,
                                                           capsys):
    service.close()
    result = run_cli(capsys, "profile", "--name", "Zed Quill", "--role", "manager",
                     "--db", str(db_path))
    assert result.returncode == 0 and result.stderr == ""  # no echo without --verbose
    assert mode(log_dir) == 0o700 and mode(log_dir / logs.LOG_FILE) == 0o600
    text = log_text(log_dir)
    assert "command profile" in text and "role=manager" in text and "name=…" in text
    assert "exit=0" in text
    assert "Zed" not in text and "Quill" not in text and str(db_path) not in text


def test_an_existing_log_is_made_private(log_dir, capsys):
    log_dir.chmod(0o755)
    (log_dir / logs.LOG_FILE).write_text("old line\n")
    (log_dir / logs.LOG_FILE).chmod(0o644)
    assert run_cli(capsys, "schema", "inspection").returncode == 0
    assert mode(log_dir) == 0o700 and mode(log_dir / logs.LOG_FILE) == 0o600
    assert log_text(log_dir).startswith("old line\n") and "command schema" in log_text(log_dir)


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_echoes_to_stderr_before_or_after_the_command(where, log_dir, capsys):
    argv = ["schema", "inspection"]
    argv = ["--verbose", *argv] if where == "before" else [*argv, "-v"]
    result = run_cli(capsys, *argv)
    assert result.returncode == 0
    assert "command schema what=inspection" in result.stderr
    assert "command schema what=inspection" in log_text(log_dir)


def test_an_error_is_one_line_with_a_traceback_only_when_verbose(db_path, log_dir, capsys):
    quiet = run_cli(capsys, "check", "Ada Lovelace", "--db", str(db_path))
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr
    [line] = [ln for ln in log_text(log_dir).splitlines() if "failed" in ln]
    assert "ERROR" in line and "command check failed: no inspection with id '…'" in line
    assert "Traceback" not in log_text(log_dir) and "Ada" not in log_text(log_dir)

    loud = run_cli(capsys, "check", "Ada Lovelace", "--db", str(db_path), "--verbose")
    assert loud.returncode == 2
    assert "Traceback (most recent call last)" in loud.stderr
    # The verbose run's traceback is in the file too: code, never the value typed.
    assert log_text(log_dir).count("Traceback") == 1 and "Ada" not in log_text(log_dir)


def test_the_file_rotates_so_it_stays_bounded(log_dir, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    log = logging.getLogger("inspect_tui.test")
    with logs.session():
        for n in range(500):
            log.info("line %d of a long session", n)
    files = sorted(log_dir.iterdir())
    assert [f.name for f in files] == [logs.LOG_FILE] + [f"{logs.LOG_FILE}.{n}"
                                                         for n in range(1, logs.BACKUPS + 1)]
    assert all(f.stat().st_size <= 2000 and mode(f) == 0o600 for f in files)
    assert "line 499 " in log_text(log_dir)


def test_quoted_values_never_reach_a_line():
    assert logs.scrub("case code 'LL-0417' is already used") == "case code '…' is already used"
    assert logs.scrub('name "O\'Neil" here\nforged INFO line') == "name '…' here forged INFO line"


def test_the_ui_logs_to_the_file_and_never_to_the_terminal(db_path, log_dir, capsys,
                                                          monkeypatch):
    def fake_run_app(path):
        logging.getLogger("inspect_tui.tui.app").warning("a line from the UI")
        return 0

    monkeypatch.setattr("inspect_tui.tui.app.run_app", fake_run_app)
    result = run_cli(capsys, "--verbose", "--db", str(db_path))
    assert result.returncode == 0
    assert "a line from the UI" in log_text(log_dir)
    assert "a line from the UI" not in result.stderr
    assert "command tui exit=0" in result.stderr  # the echo is back once the UI has closed


def test_an_unwritable_log_folder_never_stops_a_command(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("INSPECT_TUI_LOG_DIR", str(blocker / "logs"))
    result = run_cli(capsys, "schema", "inspection")
    assert result.returncode == 0 and result.stderr == ""
