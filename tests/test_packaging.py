"""The wheel ships the content, and the core imports without Textual."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_the_content(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path),
         str(ROOT)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "inspect_tui/_content/standards/sa-2023/r05-protection.yaml" in names
    assert "inspect_tui/_content/checklists/cse-indicators.yaml" in names
    assert any(n.startswith("inspect_tui/_content/reports/") for n in names)
    assert any(n.endswith("entry_points.txt") for n in names)
    # Unpacked as an installed package (ahead of the source tree on the path), the CLI
    # finds its content from any working directory.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c",
                            "import inspect_tui.paths as p; print(p.content_root())"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert where.stdout.strip() == str(site / "inspect_tui" / "_content")
    shown = subprocess.run([sys.executable, "-m", "inspect_tui", "standards", "validate"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert shown.returncode == 0, shown.stdout + shown.stderr


def test_version_does_not_import_heavy_modules():
    code = ("import sys; from inspect_tui.cli import main; main(['--version']); "
            "heavy = [m for m in ('textual', 'pydantic', 'sqlite_utils', 'reportlab') "
            "if m in sys.modules]; sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
