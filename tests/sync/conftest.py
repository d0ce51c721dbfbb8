"""Sync fixtures: a hub database, laptops, and the hub on real HTTP on 127.0.0.1.

``hub_server`` is the hub's HTTP app served by uvicorn on a thread of this process (quick
to start, stop and start again); ``hub_process`` is ``inspect-tui hub serve`` itself in a
subprocess, for what only a process shows: being killed like a power cut, its stderr log.
Both have ``url``, ``port``, ``start()`` and ``stop()``; only the process has ``kill()``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from testkit import empty_database, new_hub

from inspect_tui.service import Service
from inspect_tui.sync.hub import Hub


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HubProcess:
    """``inspect-tui hub serve`` in a subprocess, so a test can kill it like a power cut.

    Its stderr (the request log) goes to a file, never a pipe nobody reads: a busy hub
    would fill the pipe and stop. :meth:`log` reads what it has written so far."""

    def __init__(self, db: Path, port: int | None = None, args: tuple[str, ...] = ()):
        self.db = db
        self.args = args
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.stderr = db.parent / f"hub-{self.port}.stderr"

    def start(self, wait: bool = True) -> HubProcess:
        # The hub's log file is its own, not the test's laptop log.
        env = {**os.environ, "INSPECT_TUI_LOG_DIR": str(self.db.parent / "hub-log")}
        with open(self.stderr, "ab") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "inspect_tui", "hub", "serve", "--db", str(self.db),
                 "--host", "127.0.0.1", "--port", str(self.port), *self.args],
                stdout=subprocess.DEVNULL, stderr=err, env=env)
        if wait:
            self.wait_ready()
        return self

    def log(self) -> str:
        return self.stderr.read_text("utf-8", errors="replace")

    def wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited: {self.log()}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("hub did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


class HubThread:
    """The hub's app (:func:`inspect_tui.sync.server.create_app`) served by uvicorn on a
    thread: the same HTTP, without a new interpreter's start-up for every test."""

    def __init__(self, db: Path, port: int | None = None):
        self.db = db
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.hub: Hub | None = None
        self.server = None
        self.thread: threading.Thread | None = None

    def start(self, wait: bool = True) -> HubThread:
        import uvicorn

        from inspect_tui.sync.server import create_app

        self.hub = Hub(self.db)
        config = uvicorn.Config(create_app(self.hub), host="127.0.0.1", port=self.port,
                                log_level="warning", access_log=False, log_config=None,
                                timeout_graceful_shutdown=5)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="hub", daemon=True)
        self.thread.start()
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("hub did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            self.server.should_exit = True
            self.thread.join(timeout=20)
        if self.hub is not None:
            self.hub.close()
            self.hub = None


@pytest.fixture
def hub_db(tmp_path):
    return new_hub(tmp_path / "hub.db")


@pytest.fixture
def hub(hub_db):
    h = Hub(hub_db)
    yield h
    h.close()


@pytest.fixture
def hub_server(hub_db):
    server = HubThread(hub_db).start()
    yield server
    server.stop()


@pytest.fixture
def hub_process(hub_db):
    server = HubProcess(hub_db).start()
    yield server
    server.stop()


@pytest.fixture
def make_laptop(tmp_path, catalogue):
    services: list[Service] = []

    def make(name: str, role: str = "inspector") -> Service:
        svc = Service(empty_database(tmp_path / f"{name.replace(' ', '_')}.db"), catalogue)
        svc.set_profile(name, role)
        services.append(svc)
        return svc

    yield make
    for svc in services:
        svc.close()
