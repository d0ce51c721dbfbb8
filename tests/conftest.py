"""Fixtures for every test folder: real SQLite files in temporary folders, the demo, the UI.

- ``catalogue``: the bundled content, loaded once per session.
- ``service`` on ``db_path``: a fresh database with the profile Sam Okafor (inspector).
  Ask for ``demo_id`` as well and the database is a copy of the demo, which is built once
  per session (building it is most of a small test's time).
- ``make_app(**kwargs)``: the terminal UI on ``service``, steady for tests (fixed today, no
  cursor blink, "saved" without a clock time), closed at the end.
- ``log_dir`` (automatic): each test logs into a folder of its own, never the user's log
  folder; subprocesses inherit it, as they inherit that ``INSPECT_TUI_DB`` is unset.

Temporary folders are on a RAM disk (``/dev/shm``) where there is one, unless ``TMPDIR``
says otherwise: every save is an SQLite transaction with ``synchronous=FULL`` and every
private file is fsynced, and on a disk those fsyncs were most of the suite's time. The
files are as real; only a power cut, which no test makes, tells the two apart.

Helpers that are not fixtures (TODAY, the in-process command line, waiting in the UI) are
in ``testkit.py``. Hypothesis runs the "dev" profile by default, bounded so that the suite
stays quick; ``HYPOTHESIS_PROFILE=thorough pytest`` searches ten times harder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile

import pytest
from hypothesis import settings
from ordering import (  # noqa: F401 - hooks: longest tests first
    pytest_collection_modifyitems,
    pytest_runtest_logreport,
    pytest_sessionfinish,
)
from testkit import TODAY

from inspect_tui.catalogue import default_catalogue
from inspect_tui.paths import DB_ENV, LOG_ENV
from inspect_tui.service import Service
from inspect_tui.service.demo import create_demo

PROFILE = ("Sam Okafor", "inspector")


def _ram_temp() -> None:
    """Point ``TMPDIR`` at ``/dev/shm`` when it is free to use (set at import, before
    pytest makes its temporary folders and xdist starts workers, which inherit it, as do
    the subprocesses tests start)."""
    shm = "/dev/shm"
    if os.environ.get("TMPDIR") or not os.path.isdir(shm) or not os.access(shm, os.W_OK):
        return
    stat = os.statvfs(shm)
    if stat.f_bavail * stat.f_frsize < 1 << 30:  # less than 1 GiB free: stay on disk
        return
    os.environ["TMPDIR"] = shm
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again


_ram_temp()


def _quicker_idle_waits() -> None:
    """Pilot's ``press`` and ``pause`` wait for "idle" by sleeping in 20 ms slices until the
    process stops using the CPU, two such waits a key: three quarters of a TUI test's time
    was spent asleep. The tests wait for the state they need (``testkit.until``,
    ``wait_saved``); a 4 ms slice keeps the same idle check (a slice with almost no CPU
    used), only finer. Private to Textual, so checked against the pinned version."""
    import textual
    import textual._wait as wait

    assert textual.__version__ == "8.2.8", "check textual._wait before moving the pin"
    wait.SLEEP_GRANULARITY = 0.004
    wait.SLEEP_IDLE = wait.SLEEP_GRANULARITY / 20


_quicker_idle_waits()


DRAW_ENV = "INSPECT_TUI_TEST_DRAW"


def _draw_each_screen_once() -> None:
    """A headless test app writes no frame anywhere, yet each refresh still rendered the
    changed lines of every widget: a third of a TUI test's CPU (typing a note repaints it
    per key). Here each screen and dialog is rendered in full when it is first shown and
    after each resize, so a widget that cannot render still fails its test, and snapshots
    and screenshots render as before; later refreshes are marked done unrendered. Layout,
    focus, messages and timers run as in the product. ``INSPECT_TUI_TEST_DRAW=every-frame``
    renders every frame again. Private to Textual."""
    if os.environ.get(DRAW_ENV) == "every-frame":
        return
    from textual._compositor import Compositor

    render_update = Compositor.render_update

    def first_frame_only(self, full=False, screen_stack=None, simplify=False):
        if full or getattr(self, "_drawn_at", None) != self.size:
            self._drawn_at = self.size
            return render_update(self, full=full, screen_stack=screen_stack, simplify=simplify)
        self._dirty_regions.clear()
        return None

    Compositor.render_update = first_frame_only


_draw_each_screen_once()


def pytest_xdist_auto_num_workers(config):
    """``-n auto``: one worker more than there are cores. A TUI test spends a good part of
    its time asleep (the Pilot waits for the app to go idle after each key; hubs and
    browsers start in other processes), and the extra worker uses those gaps.
    ``PYTEST_XDIST_AUTO_NUM_WORKERS`` still decides when it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("thorough", max_examples=250, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def log_dir(tmp_path_factory, monkeypatch):
    path = tmp_path_factory.mktemp("log")
    monkeypatch.setenv(LOG_ENV, str(path))
    monkeypatch.delenv(DB_ENV, raising=False)  # a developer's own database stays out
    return path


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch):
    """Secrets go to the 0600 file beside each test database, never the real keyring
    (hub processes started by a test inherit this too)."""
    monkeypatch.setenv("INSPECT_TUI_SECRETS", "file")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


@pytest.fixture(scope="session")
def catalogue():
    return default_catalogue()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, catalogue):
    """(path, inspection id) of a database holding the profile and the demo."""
    built = tmp_path_factory.mktemp("demo") / "built.db"
    svc = Service(built, catalogue)
    svc.set_profile(*PROFILE)
    iid = create_demo(svc, today=TODAY)
    svc.close()
    # One self-contained file (no -wal beside it) to copy for each test.
    template = built.with_name("demo.db")
    with sqlite3.connect(built) as conn:
        conn.execute("VACUUM INTO ?", (str(template),))
    conn.close()
    os.chmod(template, 0o600)
    return template, iid


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "inspect.db"


@pytest.fixture
def service(db_path, catalogue, request):
    if "demo_id" in request.fixturenames:
        shutil.copy(request.getfixturevalue("demo_template")[0], db_path)
    svc = Service(db_path, catalogue)
    if svc.profile() is None:
        svc.set_profile(*PROFILE)
    yield svc
    svc.close()


@pytest.fixture
def demo_id(service, demo_template):
    return demo_template[1]


@pytest.fixture
def make_app(service):
    from inspect_tui.tui.app import InspectApp

    apps: list[InspectApp] = []

    def make(**kwargs) -> InspectApp:
        kwargs.setdefault("today", TODAY)
        kwargs.setdefault("deterministic", True)
        app = InspectApp(service=service, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.backend.close()
