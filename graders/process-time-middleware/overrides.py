"""Fakes for the process-time-middleware challenge (runs in the candidate's process; not secret).

Replaces `app.state.clock` with a fake clock that only moves when the app "sleeps", and the
`get_sleep` dependency with a sleep that advances that clock instead of waiting. A request to
GET /work?ms=250 therefore takes exactly 250 fake milliseconds, and every other request 0.

    POST /reset          clock back to its start, read counter cleared
    GET  /clock          {"now": <seconds>, "reads": <calls to the clock since the reset>}
"""

from __future__ import annotations

import asyncio
import types
from typing import Any

from fastapi import APIRouter, FastAPI

START_US = 1_000_000_000  # 1000 s: a clock that does not start at zero, like perf_counter


class FakeClock:
    def __init__(self) -> None:
        self.now_us = START_US
        self.reads = 0

    def reset(self) -> None:
        self.now_us = START_US
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now_us / 1_000_000

    async def sleep(self, seconds: float) -> None:
        self.now_us += round(seconds * 1_000_000)
        await asyncio.sleep(0)


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    clock = FakeClock()
    app.state.clock = clock
    app.dependency_overrides[module.get_sleep] = lambda: clock.sleep
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        clock.reset()
        return {"ok": True}

    @router.get("/clock")
    async def read_clock() -> dict[str, Any]:
        return {"now": clock.now_us / 1_000_000, "reads": clock.reads}

    return router
