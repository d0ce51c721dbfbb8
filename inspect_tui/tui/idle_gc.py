"""Garbage collection in the pauses between keystrokes, not in the middle of one.

Python's collector runs when enough objects have been made, so while an inspector types it
ran inside keystrokes: every tenth young pass also swept the middle generation (1.5-3 ms,
a key's worth), and now and then the whole heap (15-35 ms). Here the young passes stay
automatic (a tenth of a millisecond); the middle and old generations are swept on the same
schedule as Python's own, but only once input has paused, or, if it never pauses (a held
key, a long paste), after ``OVERDUE`` young passes all the same. The heap loaded at
start-up is frozen (see ``InspectApp.freeze_heap``), so a sweep scans only what came since.
"""

from __future__ import annotations

import gc
import time

EVERY = 10  # Python's default: a middle sweep per 10 young passes, an old per 10 middle
QUIET = 0.4  # seconds with no input that count as a pause
OVERDUE = 500  # young passes (about 350,000 new objects) without a pause: sweep anyway
NEVER = 1 << 30  # a threshold never reached: the automatic sweep of that generation is off


class IdleCollector:
    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self.last_input = clock()
        self._saved: tuple[int, ...] | None = None

    def start(self) -> None:
        self._saved = gc.get_threshold()
        gc.set_threshold(self._saved[0], NEVER, NEVER)

    def stop(self) -> None:
        """Python's own schedule again (the UI has gone: nothing would sweep at pauses)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        self.last_input = self.clock()

    def tick(self) -> int | None:
        """Called a few times a second: sweep what Python would have swept by now, if
        input has paused (or the sweep is overdue). The generation swept, or None."""
        _, young_passes, middle_sweeps = gc.get_count()
        paused = self.clock() - self.last_input >= QUIET
        if not (young_passes >= OVERDUE or (paused and young_passes >= EVERY)):
            return None
        generation = 2 if middle_sweeps + 1 >= EVERY else 1
        gc.collect(generation)
        return generation
