"""Fakes for the rate-limiter challenge (runs in the candidate's process; not secret).

Replaces `get_clock` with a clock that only moves when a test says so, and `get_limiter` with a
fresh `RateLimiter()` after every reset:

    POST /reset                         new RateLimiter(), clock back to T0
    POST /advance {"seconds": s}        move the clock forward by s seconds
    GET  /now                           the fake clock's time
"""

from __future__ import annotations

import types
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

T0 = 1_800_000_000.0  # a multiple of 60, so a fixed window would start exactly at T0


class FakeClock:
    def __init__(self) -> None:
        self.value = T0

    def now(self) -> float:
        return self.value


class Advance(BaseModel):
    seconds: float = Field(ge=0)


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    clock = FakeClock()
    state: dict[str, Any] = {"limiter": module.RateLimiter()}
    app.dependency_overrides[module.get_clock] = lambda: clock
    app.dependency_overrides[module.get_limiter] = lambda: state["limiter"]
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        clock.value = T0
        state["limiter"] = module.RateLimiter()
        return {"ok": True}

    @router.post("/advance")
    async def advance(body: Advance) -> dict[str, float]:
        clock.value += body.seconds
        return {"now": clock.value}

    @router.get("/now")
    async def now() -> dict[str, float]:
        return {"now": clock.value}

    return router
