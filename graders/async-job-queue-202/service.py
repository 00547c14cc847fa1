"""The grader's side of async-job-queue-202 (runs in the grader's process, see
crucible_link.py): the fake report engine. Every run the app starts is recorded here, where
the app cannot reach the record, and the report it returns is built here. A run for a *held*
title waits until the test finishes it: done (the report), fail (the app's ReportError) or
crash (another exception). Every test uses its own titles.
"""

from __future__ import annotations

import threading
from typing import Any

from crucible_link import Gate, ServiceError, exposed, wait_until

HOLD_LIMIT_S = 8.0
OUTCOMES = ("done", "fail", "crash")
MAX_RUNS = 10_000


class ReportFailed(ServiceError):
    """The app's proxy raises the app's ReportError with this message."""


class EngineCrashed(ServiceError):
    """The app's proxy raises a RuntimeError with this message."""


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[str, Gate] = {}
        self._outcome: dict[str, str] = {}
        self.runs: list[dict[str, Any]] = []

    def reset(self) -> None:
        """Before each test: every held run finishes (done), no holds, no runs."""
        with self._lock:
            held = list(self._held.values())
            self._held.clear()
            self._outcome.clear()
            self.runs = []
        for gate in held:
            gate.release()

    # -- what the tests use --------------------------------------------------------------

    def hold(self, title: str) -> None:
        """Runs for `title` wait until `finish(title, ...)`."""
        with self._lock:
            gate = self._held.setdefault(title, Gate(timeout_s=HOLD_LIMIT_S))
        gate.hold()

    def runs_for(self, title: str) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(r) for r in self.runs if r["title"] == title]

    def finish(self, title: str, outcome: str = "done", timeout_s: float = 3.0) -> bool:
        """Lets the held runs for `title` end with `outcome`; True once one of them has."""
        assert outcome in OUTCOMES, outcome
        with self._lock:
            self._outcome[title] = outcome
            gate = self._held.pop(title, None)
        if gate is not None:
            gate.release()
        return wait_until(
            lambda: any(r["state"] != "running" for r in self.runs_for(title)), timeout_s)

    # -- what the app's runner calls -------------------------------------------------------

    @exposed
    def run(self, request: Any) -> dict[str, Any]:
        """One run of the report engine for `request` ({"kind", "month", "title"})."""
        if not isinstance(request, dict) or not all(
                isinstance(request.get(k), str) for k in ("kind", "month", "title")):
            raise ServiceError("run(request): a ReportRequest with kind, month and title")
        title = request["title"]
        record = {"title": title, "state": "running"}
        with self._lock:
            if len(self.runs) >= MAX_RUNS:
                raise ServiceError("too many runs")
            self.runs.append(record)
            gate = self._held.get(title)
        if gate is not None:
            gate.wait()
        with self._lock:
            outcome = self._outcome.pop(title, "done")
            record["state"] = "returned" if outcome == "done" else "raised"
        if outcome == "fail":
            raise ReportFailed(f"no data for {request['month']}")
        if outcome == "crash":
            raise EngineCrashed("report engine crashed: segfault in libreport")
        return {"title": title, "kind": request["kind"], "month": request["month"], "rows": 42}
