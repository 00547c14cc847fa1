"""The grader's side of rate-limiter (runs in the grader's process, see crucible_link.py).

The clock the tests move lives here: the app's fake clock asks it for the time, so nothing in
the app can move it. So does the limiter generation: `reset()` starts a new one, and the app's
`get_limiter` fake hands out a fresh `RateLimiter()` whenever the generation changed.
"""

from __future__ import annotations

import threading

from crucible_link import ServiceError, exposed

T0 = 1_800_000_000.0  # a multiple of 60, so a fixed window would start exactly at T0


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.clock = T0
        self.generation = 0

    def reset(self) -> None:
        """Before each test: the clock at T0 and a fresh RateLimiter()."""
        with self._lock:
            self.clock = T0
            self.generation += 1

    def advance(self, seconds: float) -> None:
        """For the tests: move the clock forward."""
        if seconds < 0:
            raise ServiceError("the clock only moves forward")
        with self._lock:
            self.clock += seconds

    @exposed
    def now(self) -> float:
        with self._lock:
            return self.clock

    @exposed
    def limiter_generation(self) -> int:
        with self._lock:
            return self.generation
