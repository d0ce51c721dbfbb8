"""The command line, in-process through ``main([...])`` as the console script calls it, and a
few real processes to prove the entry points themselves."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from testkit import assert_one_line_error, run_cli


@pytest.fixture
def cli(capsys, monkeypatch):
    """``cli(*args, db=, cwd=, env=)``: one command, with its own working folder and
    environment for that command only."""
    def run(*args: str, db: Path | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None):
        with monkeypatch.context() as m:
            for key, value in (env or {}).items():
                m.setenv(key, value)
            if cwd is not None:
                m.chdir(cwd)
            argv = [*args, *(["--db", str(db)] if db is not None else [])]
            return run_cli(capsys, *argv)
    return run


# --- real processes: the entry points ------------------------------------------------------

def test_version():
    result = subprocess.run([sys.executable, "-m", "inspect_tui", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("inspect-tui ")


def test_the_console_script_runs_commands_and_fails_in_one_line(tmp_path):
    script = shutil.which("inspect-tui", path=str(Path(sys.executable).parent))
    assert script, "the console script is installed beside the interpreter"
    db = tmp_path / "a.db"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([script, *args, "--db", str(db)], capture_output=True,
                              text=True, timeout=60)

    demo = run("demo")
    assert demo.returncode == 0, demo.stderr
    iid = demo.stdout.strip().splitlines()[-1]
    assert [row["id"] for row in json.loads(run("list", "--json").stdout)] == [iid]
    assert_one_line_error(run("check", "nope"))


# --- in-process ---------------------------------------------------------------------------

def test_standards_validate_and_list(cli, tmp_path):
    assert cli("standards", "validate").returncode == 0
    result = cli("standards", "list", "--json", cwd=tmp_path)
    items = json.loads(result.stdout)
    ids = {i["id"] for i in items}
    assert "sa2023.r5.2.f.ii" in ids and all({"id", "regulation", "title"} <= set(i)
                                             for i in items)
    shown = cli("standards", "show", "sa2023.r5.2.f.ii")
    assert shown.returncode == 0 and "5(2)(f)(ii)" in shown.stdout
    assert_one_line_error(cli("standards", "show", "sa2023.nope"))


def test_standards_validate_reports_bad_files(cli, tmp_path):
    from inspect_tui.paths import checklists_dir, standards_dir

    root = tmp_path / "content"
    shutil.copytree(standards_dir(), root / "standards")
    shutil.copytree(checklists_dir(), root / "checklists")
    target = root / "standards" / "sa-2023" / "r05-protection.yaml"
    text = target.read_text().replace("cse_relevant: true", "cse_relevant: maybe", 1)
    target.write_text(text)
    (root / "checklists" / "broken.yaml").write_text("kind: checklist\n  bad: [\n")
    result = cli("standards", "validate", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert any("r05-protection.yaml:" in line and "cse_relevant" in line
               for line in result.stdout.splitlines())
    assert any("broken.yaml:" in line and "malformed YAML" in line
               for line in result.stdout.splitlines())


def test_demo_list_export_import_round_trip(cli, tmp_path):
    db = tmp_path / "a.db"
    demo = cli("demo", db=db)
    assert demo.returncode == 0, demo.stderr
    iid = demo.stdout.strip().splitlines()[-1]
    listed = json.loads(cli("list", "--json", db=db).stdout)
    assert [row["id"] for row in listed] == [iid]
    assert {"id", "provider", "status"} <= set(listed[0])
    out = tmp_path / "x.json"
    assert cli("export", iid, "-o", str(out), db=db).returncode == 0
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    db2 = tmp_path / "b.db"
    assert cli("import", str(out), db=db2).returncode == 0
    out2 = tmp_path / "y.json"
    assert cli("export", iid, "-o", str(out2), db=db2).returncode == 0
    assert json.loads(out.read_text()) == json.loads(out2.read_text())


def test_env_var_sets_the_database(cli, tmp_path):
    db = tmp_path / "env.db"
    result = cli("demo", env={"INSPECT_TUI_DB": str(db)})
    assert result.returncode == 0 and db.exists()


@pytest.mark.parametrize("content, expected", [
    ("{not json", "malformed JSON"),
    ('{"format_version": 1, "id": "x"}', "type"),
])
def test_import_bad_files(cli, tmp_path, content, expected):
    db = tmp_path / "a.db"
    cli("demo", db=db)
    before = cli("list", "--json", db=db).stdout
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = cli("import", str(bad), db=db)
    assert_one_line_error(result)
    assert expected in result.stderr and "bad.json" in result.stderr
    assert cli("list", "--json", db=db).stdout == before


def test_bad_input_is_one_line(cli, tmp_path):
    db = tmp_path / "a.db"
    assert_one_line_error(cli("import", str(tmp_path / "missing.json"), db=db))
    assert_one_line_error(cli("export", "nope", "-o", str(tmp_path / "x.json"), db=db))
    assert_one_line_error(cli("check", "nope", db=db))
    notdb = tmp_path / "not.db"
    notdb.write_text("this is not sqlite" * 100)
    assert_one_line_error(cli("list", db=notdb))


def test_check_json(cli, tmp_path):
    db = tmp_path / "a.db"
    iid = cli("demo", db=db).stdout.strip().splitlines()[-1]
    result = cli("check", iid, "--json", db=db)
    assert result.returncode == 0
    problems = json.loads(result.stdout)
    assert problems and all({"kind", "message", "where"} <= set(p) for p in problems)


def test_schema_command(cli):
    schema = json.loads(cli("schema", "inspection").stdout)
    assert schema["title"] == "inspect-tui inspection export"
    assert "findings" in schema["properties"]


def test_profile_and_permissions(cli, tmp_path):
    db = tmp_path / "a.db"
    iid = cli("demo", db=db).stdout.strip().splitlines()[-1]
    assert cli("profile", "--name", "Sam", "--role", "inspector", db=db).returncode == 0
    assert cli("submit", iid, db=db).returncode == 0
    refused = cli("approve", iid, db=db)
    assert_one_line_error(refused)
    assert "only a manager" in refused.stderr
    cli("profile", "--name", "Morgan", "--role", "manager", db=db)
    approved = cli("approve", iid, db=db)
    assert approved.returncode == 0 and "approved" in approved.stdout
    # The demo is unfinished: the approval says so and lists what is open.
    assert "warning: approved with" in approved.stderr
    assert "not assessed" in approved.stderr


def test_default_database_is_private(cli, tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    result = cli("demo", env=env)
    assert result.returncode == 0, result.stderr
    db = tmp_path / "data" / "inspect-tui" / "inspect.db"
    assert db.exists()
    assert oct(db.stat().st_mode & 0o777) == "0o600"
    assert oct(db.parent.stat().st_mode & 0o777) == "0o700"


def test_a_bad_option_is_argparse_usage_not_a_traceback(cli):
    result = cli("report")
    assert result.returncode == 2 and "usage:" in result.stderr
    assert "Traceback" not in result.stderr
