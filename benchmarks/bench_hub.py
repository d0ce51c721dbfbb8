"""The hub over real HTTP under load.

- a hub holding N (5 million) events answers one laptop's sync of 1,000 new events
  (vector, push, pull) in under 1 s; baseline: the same sync against an empty hub;
- 50 laptops sync at once, none failing: p50 and p99 of one sync, against one laptop
  syncing alone;
- a device pushing 150,000 events in batches does not stall another device's requests:
  p99 of the other's sync round trip while the push runs, against the same with no push.

Run directly with ``python benchmarks/bench_hub.py [N]`` or through ``benchmarks/run.py hub``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_sync import synthetic_rows  # noqa: E402
from common import Row, median, p99  # noqa: E402

N = 5_000_000


class Server:
    def __init__(self, db: Path):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "inspect_tui", "hub", "serve", "--db", str(db), "--port",
             str(self.port)], env={**os.environ, "PYTHONPATH": str(HERE.parent)},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import httpx

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/v1/health", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("hub did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def _filled_rows(n: int):
    """``n`` events from fifty other devices, each writing the same fields (the hub then
    holds fifty heads of each: a conflict per field), streamed."""
    devices = 50
    per = n // devices
    for d in range(devices):
        yield from synthetic_rows(f"d{d:015d}", per, inspections=200, author=f"Inspector {d}")


def filled_hub(tmp: Path, n: int) -> Path:
    """A hub holding ``n`` events, at ``tmp``: a copy of one built once and kept in the
    temporary directory (``inspect-tui-bench/``) for later runs. Built through the
    store's own merge, all of it in one call: one transaction, the log written first and
    the heads and state computed once, set-based, for every field it touched."""
    from inspect_tui.sync.hub import Hub

    cache = Path(tempfile.gettempdir()) / "inspect-tui-bench"
    cached = cache / f"hub-{n}.db"
    if not cached.exists():
        cache.mkdir(exist_ok=True)
        building = cache / f"hub-{n}.building.db"
        for suffix in ("", "-wal", "-shm", ".keys"):
            Path(str(building) + suffix).unlink(missing_ok=True)
        start = time.perf_counter()
        hub = Hub.init(building)
        hub.store.merge_rows(_filled_rows(n))
        hub.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        hub.close()
        print(f"built a hub of {n} events in {time.perf_counter() - start:.0f} s "
              f"({cached})", file=sys.stderr, flush=True)
        Path(str(building) + ".keys").rename(str(cached) + ".keys")
        building.rename(cached)  # last: an interrupted build is never taken for one
    db = tmp / f"hub{n}.db"
    shutil.copy(cached, db)
    shutil.copy(str(cached) + ".keys", str(db) + ".keys")
    return db


def _enrolled_laptop(tmp: Path, hub_db: Path, name: str, role: str = "manager"):
    from inspect_tui.store import EventStore, meta
    from inspect_tui.sync import secrets
    from inspect_tui.sync.client import device_keys
    from inspect_tui.sync.hub import Hub

    store = EventStore(tmp / f"{name.replace(' ', '_')}.db")
    hub = Hub(hub_db)
    keys = device_keys(store)
    # A manager with no team may write to every inspection the hub holds, so the laptop's
    # edits to the filled inspections are accepted as a reviewer's would be.
    data = hub.claim(hub.enrol(name, role), store.device, keys.sign_public,
                     keys.box_public)
    hub.close()
    secrets.for_store(store).set(secrets.TOKEN, data["token"])
    meta.write_hub_link(store, meta.HubLink("http://127.0.0.1:9", data["hub"],
                                            data["hub_sign_key"], data["hub_box_key"],
                                            role))
    meta.write_profile(store, name, role)
    return store, data["token"]


def _one_sync(url: str, token: str, device: str, rows: list[tuple], hub_vector=None
              ) -> float:
    """Seconds for one laptop's sync as the client makes it: vector, push, pull."""
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as http:
        start = time.perf_counter()
        vector = http.get("/v1/vector").json()["vector"]
        for at in range(0, len(rows), 1000):
            r = http.post("/v1/push", json={"rows": [list(x) for x in rows[at:at + 1000]]})
            assert r.status_code == 200, r.text
        vector[device] = rows[-1][9] if rows else vector.get(device, 0)
        r = http.post("/v1/pull", json={"vector": hub_vector or vector, "limit": 2000})
        assert r.status_code == 200, r.text
        return time.perf_counter() - start


def big_hub(tmp: Path, n: int) -> tuple[float, float]:
    from inspect_tui.sync.hub import Hub

    seconds = []
    for size in (0, n):
        if size:
            db = filled_hub(tmp, size)
        else:
            db = tmp / "hub0.db"
            Hub.init(db).close()
        store, token = _enrolled_laptop(tmp, db, "Bench Laptop")
        rows = synthetic_rows(store.device, 1000, inspections=2, author="Bench Laptop")
        server = Server(db)
        try:
            _one_sync(server.url, token, store.device, rows[:1])  # warm: the vector cache
            seconds.append(_one_sync(server.url, token, store.device, rows[1:]))
        finally:
            server.stop()
            store.close()
    return seconds[1], seconds[0]


def many_laptops(tmp: Path, count: int = 50) -> tuple[list[float], float, int]:
    from inspect_tui.sync.client import sync_now
    from inspect_tui.sync.hub import Hub

    db = tmp / "busy.db"
    Hub.init(db).close()
    laptops = []
    for k in range(count + 1):
        # Inspectors, each on inspections of their own (need-to-know: each pulls only
        # what it is a member of), as fifty laptops back from fifty settings would be.
        store, _ = _enrolled_laptop(tmp, db, f"Inspector {k}", "inspector")
        store.merge_rows(synthetic_rows(store.device, 200, inspections=2,
                                        author=f"Inspector {k}", prefix=f"l{k:02d}i"))
        laptops.append(store)
    server = Server(db)
    try:
        alone = _timed(laptops[-1], sync_now, server.url)
        barrier = threading.Barrier(count)
        times: list[float] = []
        failures: list[str] = []

        def run(store):
            barrier.wait()
            try:
                times.append(_timed(store, sync_now, server.url))
            except Exception as exc:  # noqa: BLE001 - counted, not raised
                failures.append(str(exc))

        threads = [threading.Thread(target=run, args=(s,)) for s in laptops[:count]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.stop()
        for store in laptops:
            store.close()
    return times, alone, len(failures)


def _timed(store, sync_now, url: str) -> float:
    start = time.perf_counter()
    sync_now(store.path, hub=url)
    return time.perf_counter() - start


def no_stall(tmp: Path, pushed: int = 150_000) -> tuple[float, float, float]:
    """p99 of another device's sync round trip during a large push, and without one."""
    from inspect_tui.sync.hub import Hub

    db = tmp / "stall.db"
    Hub.init(db).close()
    big, big_token = _enrolled_laptop(tmp, db, "Bench Laptop")
    other, other_token = _enrolled_laptop(tmp, db, "Other Laptop")
    rows = synthetic_rows(big.device, pushed, author="Bench Laptop")
    server = Server(db)
    try:
        def probe(seconds: float) -> list[float]:
            out = []
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                out.append(_one_sync(server.url, other_token, other.device, []) * 1000)
                time.sleep(0.05)
            return out

        quiet = probe(3)
        done = threading.Event()
        push_seconds: list[float] = []

        def push():
            push_seconds.append(_one_sync(server.url, big_token, big.device, rows))
            done.set()

        thread = threading.Thread(target=push)
        thread.start()
        busy = []
        while not done.is_set():
            busy.extend(probe(0.5))
        thread.join()
    finally:
        server.stop()
        big.close()
        other.close()
    return p99(busy), p99(quiet), push_seconds[0]


def run(n: int = N) -> list[Row]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-hub-"))
    try:
        big, empty = big_hub(tmp, n)
        times, alone, failed = many_laptops(tmp)
        busy, quiet, push_s = no_stall(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    label = f"{n / 1e6:g}M" if n >= 1_000_000 else f"{n // 1000}k"
    return [
        Row(f"hub: sync of 1,000 new events, hub of {label}", big * 1000, empty * 1000, "ms",
            "< 1 s", big < 1.0),
        Row("hub: 50 laptops at once, p50 per sync", median(times) * 1000, alone * 1000,
            "ms", "none fails", failed == 0 and len(times) == 50),
        Row("hub: 50 laptops at once, p99 per sync", p99(times) * 1000, alone * 1000, "ms",
            f"{failed} failed", failed == 0),
        Row("hub: other device's sync p99, 150k push", busy, quiet, "ms",
            f"push took {push_s:.1f} s", True),
    ]


if __name__ == "__main__":
    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else N):
        print(f"{row.name:<48} {row.measured_text:>14} {row.baseline_text:>14} "
              f"{row.ratio_text:>8}  {row.target:<18} {'ok' if row.ok else 'NO'}")
    print(json.dumps({"done": True}))
