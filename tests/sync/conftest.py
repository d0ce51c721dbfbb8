"""Sync fixtures: a hub database, laptops enrolled with it, and a real hub server process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from inspect_tui.service import Service
from inspect_tui.sync.hub import Hub


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HubProcess:
    """``inspect-tui hub serve`` in a subprocess, so a test can kill it like a power cut."""

    def __init__(self, db: Path, port: int | None = None):
        self.db = db
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, wait: bool = True) -> HubProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "inspect_tui", "hub", "serve", "--db", str(self.db),
             "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited: {self.proc.stderr.read().decode()}")
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


@pytest.fixture
def hub_db(tmp_path):
    hub = Hub.init(tmp_path / "hub.db")
    hub.close()
    return tmp_path / "hub.db"


@pytest.fixture
def hub(hub_db):
    h = Hub(hub_db)
    yield h
    h.close()


@pytest.fixture
def hub_server(hub_db):
    server = HubProcess(hub_db).start()
    yield server
    server.stop()


@pytest.fixture
def make_laptop(tmp_path, catalogue):
    services: list[Service] = []

    def make(name: str, role: str = "inspector") -> Service:
        svc = Service(tmp_path / f"{name.replace(' ', '_')}.db", catalogue)
        svc.set_profile(name, role)
        services.append(svc)
        return svc

    yield make
    for svc in services:
        svc.close()
