"""Fakes for the rate-limiter challenge (runs in the candidate's process; not secret).

Thin proxies of the grader's service (service.py): `get_clock` asks the grader for the time
(it moves only when a test moves it), and `get_limiter` hands out a fresh `RateLimiter()`
whenever the grader started a new test. Nothing is kept or recorded here.
"""

from __future__ import annotations

import threading
import types
from typing import Any

from crucible_link import grader
from fastapi import FastAPI


class GraderClock:
    def now(self) -> float:
        return float(grader().call("now"))


def install(app: FastAPI, module: types.ModuleType) -> None:
    clock = GraderClock()
    state: dict[str, Any] = {"generation": None, "limiter": None}
    lock = threading.Lock()

    def grader_limiter() -> Any:
        generation = grader().call("limiter_generation")
        with lock:
            if generation != state["generation"]:
                state["generation"], state["limiter"] = generation, module.RateLimiter()
            return state["limiter"]

    app.dependency_overrides[module.get_clock] = lambda: clock
    app.dependency_overrides[module.get_limiter] = grader_limiter
