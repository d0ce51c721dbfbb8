"""The hub and sync commands: files private, codes on the last line, one-line errors."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys

from testkit import run_cli as run

from inspect_tui import cli
from inspect_tui.store import Edit, EventStore


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_hub_init_enrol_devices_revoke(tmp_path, capsys):
    db = tmp_path / "hubs" / "hub.db"
    code, out, _ = run(capsys, "hub", "init", "--db", str(db))
    assert code == 0 and "Hub created" in out
    assert mode(db) == 0o600 and mode(str(db) + ".keys") == 0o600
    assert mode(db.parent) == 0o700
    code, _, err = run(capsys, "hub", "init", "--db", str(db))
    assert code == 2 and "already exists" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "hub", "enrol", "Sam Okafor", "--role", "inspector", "--db",
                       str(db))
    assert code == 0
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", out.strip().splitlines()[-1])
    code, out, _ = run(capsys, "hub", "devices", "--db", str(db))
    assert "No devices enrolled yet" in out
    code, _, err = run(capsys, "hub", "revoke", "nope", "--db", str(db))
    assert code == 2 and "no enrolled device" in err
    code, _, err = run(capsys, "hub", "serve", "--db", str(tmp_path / "missing.db"))
    assert code == 2 and "no hub database" in err
    code, _, err = run(capsys, "hub", "serve", "--read-timeout", "0", "--db", str(db))
    assert code == 2 and "--read-timeout" in err and len(err.strip().splitlines()) == 1


def test_hub_commands_need_an_explicit_database(capsys, monkeypatch):
    monkeypatch.delenv("INSPECT_TUI_DB", raising=False)
    for argv in (["hub", "init"], ["hub", "enrol", "Sam", "--role", "inspector"]):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "--db HUB.db" in err


def test_sync_errors_are_one_line(tmp_path, capsys):
    laptop = tmp_path / "laptop.db"
    EventStore(laptop).close()
    for argv, expected in (
            (["sync", "--db", str(laptop)], "give the hub's address"),
            (["sync", "export", "-o", str(tmp_path / "b"), "--db", str(laptop)],
             "not enrolled"),
            (["sync", "export", "-o", str(tmp_path / "b"), "--for", "x", "--db", str(laptop)],
             "--for is for the hub"),
            (["sync", "import", str(tmp_path / "missing"), "--db", str(laptop)], "no such file"),
            (["sync", "--hub", "http://127.0.0.1:9", "--enrol", "AAAA", "--db", str(laptop)],
             "cannot reach the hub")):
        code, _, err = run(capsys, *argv)
        assert code == 2, argv
        lines = [line for line in err.strip().splitlines() if "error" in line]
        assert len(lines) == 1 and expected in lines[0], err


def test_two_laptops_by_command_line(hub_db, hub_server, tmp_path, capsys):
    from .sync_helpers import enrol_code, item

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert cli.main(["demo", "--db", str(a)]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, "sync", "--hub", hub_server.url, "--enrol",
                         enrol_code(hub_db, "Sam", "inspector"), "--db", str(a))
    assert code == 0 and re.search(r"sent \d+, received 0, 0 open conflicts$", out.strip()), err
    assert "sending" in err and "receiving" in err  # the progress bar, on stderr
    code, out, _ = run(capsys, "sync", "--hub", hub_server.url, "--enrol",
                       enrol_code(hub_db, "Jo", "inspector"), "--db", str(b))
    assert code == 0 and re.search(r"sent 0, received \d+, 0 open conflicts$", out.strip())
    # Both edit one field offline; Jo sends a bundle, Sam syncs over HTTP.
    stores = [EventStore(p) for p in (a, b)]
    for store, name in zip(stores, ("Sam", "Jo"), strict=True):
        store.record([Edit("i1", "finding", f"i1/finding/{item('x')}", "note", f"{name}'s")],
                     name)
        store.close()
    bundle = tmp_path / "jo.bundle"
    assert run(capsys, "sync", "export", "-o", str(bundle), "--db", str(b))[0] == 0
    assert mode(bundle) == 0o600
    # The hub's database is in use by the server; importing beside it is safe (WAL).
    code, out, _ = run(capsys, "sync", "import", str(bundle), "--db", str(hub_db))
    assert code == 0 and "1 event, 1 new" in out
    # Jo's bundle made the hub's first copy of i1, so Jo created it; Sam needs adding.
    code, out, err = run(capsys, "sync", "--db", str(a))
    assert code == 2 and "not a member of inspection i1" in err
    code, out, _ = run(capsys, "hub", "assign", "i1", "sam", "--db", str(hub_db))
    assert code == 0 and out.strip() == "Inspection i1: members Sam, Jo"
    code, out, _ = run(capsys, "sync", "--db", str(a))
    assert code == 0 and "received 3, 1 open conflict" in out
    code, out, _ = run(capsys, "sync", "export", "--for", "Jo", "-o", str(tmp_path / "j"),
                       "--db", str(hub_db))
    assert code == 0
    code, out, _ = run(capsys, "sync", "import", str(tmp_path / "j"), "--db", str(b))
    assert code == 0 and re.search(r"3 new", out)
    EventStore(b).record([Edit("i1", "finding", f"i1/finding/{item('y')}", "note", "x")],
                         "Jo")
    code, out, _ = run(capsys, "sync", "status", "--db", str(b))
    assert code == 0 and "Not yet acknowledged by the hub: 1 edit\n" in out
    assert "Last sync: " in out and "Last sync: never" not in out
    assert "Open conflicts: 1" in out


SYNC_MODULES = ["inspect_tui.sync.hub", "inspect_tui.sync.server", "inspect_tui.sync.client",
                "inspect_tui.sync.bundle", "inspect_tui.sync.access_log", "inspect_tui.cli.sync",
                "inspect_tui.cli.hub"]


def test_sync_imports_without_textual():
    # One fresh interpreter imports each module in turn and names the first that brings
    # Textual in (imports only add modules, so none after it can be blamed).
    code = ("import sys, importlib\n"
            f"for module in {SYNC_MODULES!r}:\n"
            "    importlib.import_module(module)\n"
            "    if any(m.split('.')[0] == 'textual' for m in sys.modules):\n"
            "        sys.exit(module)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, f"{result.stderr.strip()} imports Textual"
