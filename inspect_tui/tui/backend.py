"""The UI's door to the service: one lock for reads, one ordered writer thread for saves.

Why a writer thread: a save is a SQLite transaction with ``synchronous=FULL`` (an fsync),
which must never hold up the key that the inspector is typing. Why one thread: saves of the
same field must land in the order they were made, so a later note never loses to an
earlier one. The lock keeps main-thread reads and writer-thread writes off the shared
connection at the same time.

Text is throttled, not debounced: the first change starts a timer of ``delay`` seconds and
the latest value is written when it fires, so a note is saved at most ``delay`` after any
keystroke even while the inspector keeps typing.

No Textual import here: the loop is told about finished saves with
``loop.call_soon_threadsafe`` so that waiting for the writer from the loop cannot deadlock.

Start-up: given a ``factory`` rather than a service, the backend creates the service on a
thread of its own (importing the service, pydantic and the catalogue is most of the UI's
start-up), and every call waits until it is ready. Until then the home screen reads the
light :class:`~inspect_tui.service.summaries.HomeIndex` through :meth:`Backend.light`.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain.time import shown_clock
from ..errors import ServiceError

if TYPE_CHECKING:
    from ..service import Service
    from ..service.summaries import HomeIndex

log = logging.getLogger(__name__)

SAVE_DELAY = 0.3
RETRIES = 3
RETRY_PAUSE = 0.5
RETRY_LATER = 5.0  # seconds before a change that still failed is tried again


@dataclass
class SaveState:
    """What the saved indicator shows."""

    pending: int = 0  # changes not yet written (waiting for the timer or the writer)
    error: str = ""
    saved_at: float | None = None
    show_time: bool = True  # off in snapshot tests, so that screens are deterministic

    @property
    def label(self) -> str:
        if self.error:
            return f"not saved: {self.error}"
        if self.pending:
            return "saving…"
        if self.saved_at is None:
            return "all saved"
        if not self.show_time:
            return "saved"
        return "saved " + shown_clock(self.saved_at)


class Backend:
    def __init__(self, service: Service | None = None, delay: float = SAVE_DELAY, *,
                 factory: Callable[[], Service] | None = None,
                 index: HomeIndex | None = None):
        """Give ``service``, or a ``factory`` that makes one (the backend then owns it:
        it is created on a thread by :meth:`start` or the first call, and closed by
        :meth:`close`). ``index``: the light reads for the first paint (by default, on
        the service's store)."""
        if (service is None) == (factory is None):
            raise ValueError("give service or factory")
        self._service = service
        self._factory = factory
        self._owns = factory is not None
        self._ready = threading.Event()
        self._opener: threading.Thread | None = None
        self.open_error: BaseException | None = None
        if service is not None:
            self._ready.set()
            if index is None:
                from ..service.summaries import HomeIndex

                index = HomeIndex(service.store)
        self.index = index
        self.delay = delay
        self.lock = threading.RLock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inspect-save")
        self._pending: dict[Any, Callable[[Service], Any]] = {}
        self._failed: dict[Any, Callable[[Service], Any]] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._futures: set[Future] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.state = SaveState()
        self.listeners: list[Callable[[SaveState], None]] = []
        self.errors: list[str] = []
        self.closed = False

    # --- the service, made on a thread of its own -----------------------------------------
    def start(self) -> None:
        """Start creating the service (once; a no-op when it was given)."""
        with self.lock:
            if self._ready.is_set() or self._opener is not None:
                return
            self._opener = threading.Thread(target=self._open, name="inspect-open",
                                            daemon=True)
            self._opener.start()

    def _open(self) -> None:
        try:
            assert self._factory is not None
            self._service = self._factory()
        except BaseException as exc:  # noqa: BLE001 - raised again by every call
            log.error("could not open the database or the content: %s", exc, exc_info=exc)
            self.open_error = exc
        finally:
            self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self.open_error is None

    @property
    def service(self) -> Service:
        """The service, waiting for it to be created if need be."""
        if not self._ready.is_set():
            self.start()
            self._ready.wait()
        if self.open_error is not None:
            raise self.open_error
        assert self._service is not None
        return self._service

    # --- reads and synchronous writes (forms that must show a validation message) --------
    def call(self, fn: Callable[[Service], Any]) -> Any:
        service = self.service  # outside the lock: the light reads need it meanwhile
        with self.lock:
            return fn(service)

    def light(self, fn: Callable[[HomeIndex], Any]) -> Any:
        """A read of the home index: never waits for the service."""
        with self.lock:
            return fn(self.index)

    def light_if_free(self, fn: Callable[[HomeIndex], Any], default: Any = None) -> Any:
        """:meth:`light` if no read or save holds the connection now, else ``default``:
        for checks that can as well wait for their next turn (the home screen's watch for
        other processes), which must not hold up the screen behind a long read."""
        if not self.lock.acquire(blocking=False):
            return default
        try:
            return fn(self.index)
        finally:
            self.lock.release()

    # --- autosave ------------------------------------------------------------------------
    def change(self, key: Any, fn: Callable[[Service], Any], now: bool = False) -> None:
        """Record a change; it is written within ``delay`` seconds (at once if ``now``)."""
        if self.closed:
            return
        if key not in self._pending:
            self.state.pending += 1
        self._pending[key] = fn
        self.state.error = ""
        if now or self.delay <= 0:
            self.flush()
        elif self._timer is None:
            loop = self._get_loop()
            if loop is None:
                self.flush()
            else:
                self._timer = loop.call_later(self.delay, self.flush)
        self._notify()

    def flush(self) -> None:
        """Hand every pending change to the writer now."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        pending, self._pending = self._pending, {}
        # A change that failed for a reason other than its content (a locked or full disk)
        # is tried again with the next flush, unless a newer value of it is on its way.
        for key, fn in list(self._failed.items()):
            if key not in pending:
                pending[key] = fn
                self.state.pending += 1
        self._failed.clear()
        for key, fn in pending.items():
            future = self._executor.submit(self._write, key, fn)
            self._futures.add(future)

    def _write(self, key: Any, fn: Callable[[Service], Any]) -> None:
        error = ""
        for attempt in range(RETRIES):
            try:
                service = self.service
                with self.lock:
                    fn(service)
                error = ""
                break
            except ServiceError as exc:  # the change itself is refused: retrying won't help
                log.warning("change refused: %s", exc)
                error = str(exc)
                break
            except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed
                log.error("save failed (attempt %d of %d): %s: %s", attempt + 1, RETRIES,
                          type(exc).__name__, exc, exc_info=exc)
                error = f"{type(exc).__name__}: {exc} (will retry)"
                if attempt + 1 < RETRIES:
                    time.sleep(RETRY_PAUSE)
                else:
                    self._failed_later(key, fn)
        self._done(error)

    def _failed_later(self, key: Any, fn: Callable[[Service], Any]) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._retry_later, key, fn)
        else:
            self._failed.setdefault(key, fn)

    def _retry_later(self, key: Any, fn: Callable[[Service], Any]) -> None:
        self._failed.setdefault(key, fn)
        if self._timer is None and not self.closed and self._loop is not None:
            self._timer = self._loop.call_later(RETRY_LATER, self.flush)

    def _done(self, error: str) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._finished, error)
                return
            except RuntimeError:
                pass
        self._finished(error)

    def _finished(self, error: str) -> None:
        self.state.pending = max(0, self.state.pending - 1)
        if error:
            self.state.error = error
            self.errors.append(error)
        elif not self.state.pending:
            self.state.saved_at = time.time()
        self._futures = {f for f in self._futures if not f.done()}
        self._notify()

    def _get_loop(self) -> asyncio.AbstractEventLoop | None:
        if self._loop is None:
            try:
                self._loop = asyncio.get_running_loop()
            except RuntimeError:
                return None
        return self._loop

    def bind_loop(self) -> None:
        self._get_loop()

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener(self.state)

    @property
    def idle(self) -> bool:
        return not self._pending and not self.state.pending

    def drain(self, timeout: float = 10.0) -> None:
        """Write everything now and wait for the writer (blocking; used on exit)."""
        self.flush()
        deadline = time.monotonic() + timeout
        for future in list(self._futures):
            future.result(timeout=max(0.0, deadline - time.monotonic()))

    async def wait_idle(self, timeout: float = 10.0) -> None:
        """Flush and wait until every change is written and reported (tests, quitting)."""
        self.flush()
        deadline = time.monotonic() + timeout
        while not self.idle:
            if time.monotonic() > deadline:
                raise TimeoutError("saves did not finish")
            await asyncio.sleep(0.005)

    def close(self) -> None:
        if self.closed:
            return
        self.drain()
        self.closed = True
        self._executor.shutdown(wait=True)
        if self._owns:
            if self._opener is not None:
                self._opener.join()
            if self._service is not None:
                self._service.close()
            elif self.index is not None:
                self.index.store.close()
