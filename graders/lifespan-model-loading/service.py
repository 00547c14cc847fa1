"""The grader's side of lifespan-model-loading (runs in the grader's process, see
crucible_link.py): the fake model loader. Every load the app starts is counted here, where the
app cannot reach the count, and the model's version ("fake-<n>", the n-th load) comes from here.

The app's side tells the service when a load begins (synchronously, in the app's event loop)
and when the lifespan's start-up has finished (`startup_done`, in the same loop), so the order
of the two is the order in which they happened there. The start-up load is held (at most
STARTUP_HOLD_S) until a test releases it: a lifespan that waits for the load before it yields
is seen waiting, one that does not leaves the load in flight. Meanwhile a watcher thread here
knocks on the app's door (GET /health/live): an app whose lifespan waits for the load cannot
answer while the start-up load is held, whatever it reports. The tests hold later loads at
`gate` and make the next one fail.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import httpx

from crucible_link import Gate, ServiceError, exposed

HOLD_LIMIT_S = 10.0
STARTUP_HOLD_S = 3.0
MAX_LOADS = 10_000


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.gate = Gate(timeout_s=HOLD_LIMIT_S)
        self.startup_gate = Gate(timeout_s=STARTUP_HOLD_S)
        self.startup_gate.hold()
        self.loads: list[dict[str, Any]] = []  # one per load: {"state", "at_startup"}
        self.startup: dict[str, int] | None = None  # when the start-up had finished
        self.fail_next = False
        self.answered_during_startup_load = False
        self.watch_done = threading.Event()  # set when the watcher below has its answer
        threading.Thread(target=self._watch_startup, daemon=True, name="startup-watch").start()

    def _watch_startup(self) -> None:
        try:
            self._watch()
        finally:
            self.watch_done.set()

    def _watch(self) -> None:
        """Sets `answered_during_startup_load` once the app answers an HTTP request while its
        start-up load is held in flight."""
        base_url = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
        deadline = time.monotonic() + 2 * STARTUP_HOLD_S + 15.0  # the app may be slow to start
        with httpx.Client(base_url=base_url, trust_env=False, timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self.startup_load_held():
                    try:
                        client.get("/health/live")
                    except httpx.HTTPError:
                        pass
                    else:
                        if self.startup_load_held():
                            self.answered_during_startup_load = True
                            return
                elif self._startup_load_over():
                    return
                time.sleep(0.02)

    def _startup_load_over(self) -> bool:
        with self._lock:
            started = [load for load in self.loads if load["at_startup"]]
            if not started:  # none yet: over once the start-up has finished without one
                return self.startup is not None
            return any(load["state"] != "loading" for load in started)

    def reset(self) -> None:
        """Before each test: loads let through, nothing failing (the count of loads stays)."""
        self.gate.release()
        with self._lock:
            self.fail_next = False

    # -- what the tests use --------------------------------------------------------------

    def load_count(self) -> int:
        with self._lock:
            return len(self.loads)

    def in_flight(self) -> int:
        with self._lock:
            return sum(1 for load in self.loads if load["state"] == "loading")

    def startup_load_held(self) -> bool:
        """True while the start-up load still waits for `release_startup()`."""
        return self.startup_gate.waiting > 0

    def release_startup(self) -> None:
        self.startup_gate.release()

    # -- what the app's loader and lifespan call -------------------------------------------

    @exposed
    def load_begins(self) -> int:
        """A load started (get_loader().load() was called); returns its number (1, 2...)."""
        with self._lock:
            if len(self.loads) >= MAX_LOADS:
                raise ServiceError("too many loads")
            self.loads.append({"state": "loading", "at_startup": self.startup is None})
            return len(self.loads)

    @exposed
    def load_ends(self, number: Any) -> str:
        """Waits while the load is held, then fails once or returns the model's version."""
        with self._lock:
            if not isinstance(number, int) or not 1 <= number <= len(self.loads) \
                    or self.loads[number - 1]["state"] != "loading":
                raise ServiceError("no such load in progress")
            load = self.loads[number - 1]
        (self.startup_gate if load["at_startup"] else self.gate).wait()
        with self._lock:
            if self.fail_next:
                self.fail_next = False
                load["state"] = "failed"
                raise ServiceError("the fake loader failed on purpose")
            load["state"] = "loaded"
        return f"fake-{number}"

    @exposed
    def startup_done(self) -> None:
        """The lifespan's start-up has finished (the app is about to serve requests)."""
        with self._lock:
            if self.startup is None:
                self.startup = {
                    "loads": len(self.loads),
                    "in_flight": sum(1 for load in self.loads if load["state"] == "loading"),
                }
