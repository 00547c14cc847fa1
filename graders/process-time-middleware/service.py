"""The grader's side of process-time-middleware (runs in the grader's process, see
crucible_link.py).

The fake clock lives here: the app's `app.state.clock` asks it for the time, and the app's
`get_sleep` fake advances it instead of waiting, by the time asked plus an overshoot the test
chooses (a real sleep never returns early, and often a little late). Time moves only when the
app sleeps, so a request's duration is known exactly; and because the overshoot is the
grader's, a header computed from the request's own `ms` instead of measured shows.
"""

from __future__ import annotations

import math
import threading

from crucible_link import ServiceError, exposed

START_US = 1_000_000_000  # 1000 s: a clock that does not start at zero, like perf_counter


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now_us = START_US
        self.overshoot_us = 0
        self.reads = 0
        self.sleeps: list[float] = []

    def reset(self) -> None:
        """Before each test: the clock at its start, sleeps exact, nothing recorded."""
        with self._lock:
            self.now_us = START_US
            self.overshoot_us = 0
            self.reads = 0
            self.sleeps = []

    @exposed
    def now(self) -> float:
        with self._lock:
            self.reads += 1
            return self.now_us / 1_000_000

    @exposed
    def sleep(self, seconds: float) -> None:
        if (not isinstance(seconds, int | float) or isinstance(seconds, bool)
                or not math.isfinite(seconds) or not 0 <= seconds <= 3600):
            raise ServiceError("sleep takes a number of seconds between 0 and 3600")
        with self._lock:
            self.sleeps.append(float(seconds))
            self.now_us += round(seconds * 1_000_000) + self.overshoot_us
