"""``inspect-tui report`` and :func:`generate_report`: files, modes, progress, imports."""

from __future__ import annotations

import stat
import subprocess
import sys

from pdfcheck import pages_text

from inspect_tui.cli import main
from inspect_tui.service.reports import generate_report


def test_generate_report_writes_a_private_file_with_progress(service, demo_id, tmp_path):
    seen: list[tuple[float, str]] = []
    out = generate_report(service, demo_id, tmp_path / "sub" / "report.pdf",
                          progress=lambda f, m: seen.append((f, m)))
    assert out == tmp_path / "sub" / "report.pdf"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"%PDF-")
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert str(out) in seen[-1][1]
    assert not list(out.parent.glob(".*tmp")), "no temporary file left behind"


def test_generate_report_overwrites_and_keeps_mode(service, demo_id, tmp_path):
    target = tmp_path / "r.pdf"
    target.write_text("old")
    target.chmod(0o644)
    generate_report(service, demo_id, target, audience="provider")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Provider copy" in pages_text(target.read_bytes())[0]


def test_cli_report_by_prefix_and_audience(service, demo_id, db_path, tmp_path, capsys):
    out = tmp_path / "provider.pdf"
    code = main(["report", demo_id[:6], "-o", str(out), "--audience", "provider",
                 "--db", str(db_path), "--invariant"])
    assert code == 0
    assert f"provider report of inspection {demo_id}" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    first = out.read_bytes()
    main(["report", demo_id, "-o", str(out), "--audience", "provider", "--db", str(db_path),
          "--invariant"])
    assert out.read_bytes() == first


def test_cli_report_errors(service, demo_id, db_path, tmp_path, capsys):
    assert main(["report", "zzzz", "-o", str(tmp_path / "x.pdf"), "--db", str(db_path)]) == 2
    assert "no inspection with id 'zzzz'" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_version_and_pdf_package_import_light():
    code = ("import sys, inspect_tui.cli as c, inspect_tui.pdf, inspect_tui.service.reports\n"
            "c.build_parser()\n"
            "heavy = [m for m in ('reportlab', 'textual') if m in sys.modules]\n"
            "print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_generate_report_from_a_worker_thread(service, demo_id, tmp_path):
    """The TUI runs it in a thread worker, forwarding progress to the UI."""
    import threading

    seen: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            generate_report(service, demo_id, tmp_path / "w.pdf",
                            progress=lambda f, m: seen.append(threading.current_thread().name))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=work, name="report-worker")
    worker.start()
    worker.join(60)
    assert not errors and (tmp_path / "w.pdf").exists()
    assert set(seen) == {"report-worker"}  # progress arrives on the worker's thread
