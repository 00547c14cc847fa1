"""Fakes for the lifespan-model-loading challenge (runs in the candidate's process; not secret).

Replaces the module's `get_loader` with one returning a fake loader whose models score text by
counting "+" and "-" (0.25 each) and are versioned "fake-<n>" (n-th load). It also wraps the app's
lifespan to count the loads started during start-up. Control router:

    POST /reset       release held loads, forget fail-next
    POST /hold        loads block until /release (10 s at most)
    POST /release     let held loads finish
    POST /fail-next   the next load raises RuntimeError
    GET  /loads       {"calls", "in_flight", "calls_at_startup"}
"""

import asyncio
import contextlib
import types
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, FastAPI

HOLD_LIMIT_S = 10.0


class FakeModel:
    def __init__(self, version: str) -> None:
        self.version = version

    def predict(self, text: str) -> float:
        return max(-1.0, min(1.0, (text.count("+") - text.count("-")) * 0.25))


class FakeLoader:
    def __init__(self) -> None:
        self.calls = 0
        self.in_flight = 0
        self.calls_at_startup: int | None = None
        self.fail_next = False
        self.gate: asyncio.Event | None = None

    def release(self) -> None:
        if self.gate is not None:
            self.gate.set()
        self.gate = None

    async def load(self) -> FakeModel:
        self.calls += 1
        number = self.calls
        self.in_flight += 1
        try:
            await asyncio.sleep(0)  # always yield, like real I/O
            if self.gate is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.gate.wait(), HOLD_LIMIT_S)
            if self.fail_next:
                self.fail_next = False
                raise RuntimeError("the fake loader failed on purpose")
            return FakeModel(f"fake-{number}")
        finally:
            self.in_flight -= 1


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    loader = FakeLoader()
    module.get_loader = lambda: loader

    original = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def counting_lifespan(asgi_app: Any) -> AsyncIterator[Any]:
        async with original(asgi_app) as state:
            for _ in range(5):  # let tasks created by the start-up take their first step
                await asyncio.sleep(0)
            loader.calls_at_startup = loader.calls
            yield state

    app.router.lifespan_context = counting_lifespan
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        loader.release()
        loader.fail_next = False
        return {"ok": True}

    @router.post("/hold")
    async def hold() -> dict[str, bool]:
        if loader.gate is None:
            loader.gate = asyncio.Event()
        return {"ok": True}

    @router.post("/release")
    async def release() -> dict[str, bool]:
        loader.release()
        return {"ok": True}

    @router.post("/fail-next")
    async def fail_next() -> dict[str, bool]:
        loader.fail_next = True
        return {"ok": True}

    @router.get("/loads")
    async def loads() -> dict[str, int | None]:
        return {
            "calls": loader.calls,
            "in_flight": loader.in_flight,
            "calls_at_startup": loader.calls_at_startup,
        }

    return router
