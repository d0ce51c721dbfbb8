"""Helpers for the privacy tests: laptops enrolled over HTTP, inspections, raw bytes."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from inspect_tui import cli
from inspect_tui.sync.client import sync_now

from .sync_helpers import enrol_code


def enrolled(make_laptop, hub_db, server, name, role="inspector"):
    svc = make_laptop(name, role)
    sync_now(svc, hub=server.url, enrol_code=enrol_code(hub_db, name, role))
    return svc


def new_inspection(svc, provider: str, team=()) -> str:
    return svc.create_inspection(
        provider={"name": provider, "urn": "SA000123"}, type="full",
        start_date=date(2026, 11, 2), end_date=date(2026, 11, 3),
        lead_inspector=svc.profile().name, team=list(team))


def raw_bytes(db: Path) -> bytes:
    """Every byte of a database and its -wal and -shm files, as a thief would read them."""
    data = b""
    for suffix in ("", "-wal", "-shm"):
        side = Path(str(db) + suffix)
        if side.exists():
            data += side.read_bytes()
    return data


def checkpoint(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
