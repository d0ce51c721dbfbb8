"""A writer killed with SIGKILL loses nothing it reported committed."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from inspect_tui.service import Service

WRITER = r"""
import sys
from inspect_tui.service import Service
svc = Service(sys.argv[1])
iid = sys.argv[2]
n = 0
while True:
    n += 1
    svc.set_finding(iid, "sa2023.r5.2.f.ii", note=f"edit {n}")
    svc.update(iid, "premises", sys.argv[3], local_authority=f"LA {n}")
    print(n, flush=True)
"""


def test_sigkill_loses_no_committed_edit(service, demo_id, db_path):
    premises = service.load(demo_id).premises[0].id
    service.close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), demo_id, premises],
                            stdout=subprocess.PIPE, text=True)
    reported = 0
    deadline = time.monotonic() + 30
    while reported < 25 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip():
            reported = int(line)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert reported >= 25
    doc = Service(db_path).load(demo_id)
    saved = int(doc.finding("sa2023.r5.2.f.ii").note.split()[-1])
    assert saved >= reported
    assert int(doc.premises_by_id(premises).local_authority.split()[-1]) >= reported
