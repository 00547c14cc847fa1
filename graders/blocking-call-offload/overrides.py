"""Fakes for the blocking-call-offload challenge (runs in the candidate's process; not secret).

Replaces `get_market` with an async market that serves the quotes the tests set (and passes other
symbols on to the app's own MarketData), and `get_renderer` with a
blocking renderer that the tests can hold on a threading.Event. Both record which thread called
them (the event loop runs in the main thread under uvicorn). Control router:

    POST /reset                                  forget quotes and calls, release every held render
    POST /quotes        {"symbol": s, "price_cents": p}   the market knows s at price p
    POST /hold          {"symbol": s}            renders of s block until released
    POST /release       {"symbol": s}            let the held renders of s finish
    POST /wait-rendering {"symbol": s, "count": n, "timeout_s": t}
                                                 answer once n renders of s are running (or after t)
    GET  /calls?symbol=s                         quote and render calls for s, renders running

A held render never blocks longer than HOLD_LIMIT_S, so a solution that renders on the event loop
freezes the server for a bounded time only (and the test that caught it fails on its timeout).
Every test uses its own symbols, so tests never see each other's calls.
"""

from __future__ import annotations

import asyncio
import threading
import types
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

HOLD_LIMIT_S = 3.0


def _on_loop_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class FakeMarket:
    """Serves the symbols a test set up; passes every other symbol on to the app's MarketData."""

    def __init__(self, module: types.ModuleType, calls: list[dict[str, Any]]) -> None:
        self._module = module
        self._calls = calls
        self.prices: dict[str, int] = {}

    async def get_quote(self, symbol: str) -> Any:
        self._calls.append({"kind": "quote", "symbol": symbol, "on_loop": _on_loop_thread()})
        await asyncio.sleep(0)  # always yield, like real I/O
        if symbol in self.prices:
            return self._module.Quote(symbol=symbol, price_cents=self.prices[symbol])
        return await self._module.MarketData().get_quote(symbol)


class FakeRenderer:
    def __init__(self, calls: list[dict[str, Any]]) -> None:
        self._calls = calls
        self._lock = threading.Lock()
        self.held: dict[str, threading.Event] = {}
        self.running: dict[str, int] = {}

    def render(self, symbol: str, price_cents: int) -> str:
        with self._lock:
            self._calls.append(
                {"kind": "render", "symbol": symbol, "price_cents": price_cents,
                 "on_loop": _on_loop_thread()}
            )
            self.running[symbol] = self.running.get(symbol, 0) + 1
            gate = self.held.get(symbol)
        try:
            if gate is not None:
                gate.wait(HOLD_LIMIT_S)
            return f'<svg data-fake="1"><text>{symbol}:{price_cents}</text></svg>'
        finally:
            with self._lock:
                self.running[symbol] -= 1

    def release_all(self) -> None:
        with self._lock:
            for gate in self.held.values():
                gate.set()
            self.held.clear()


class SetQuote(BaseModel):
    symbol: str
    price_cents: int


class Sym(BaseModel):
    symbol: str


class WaitRendering(Sym):
    count: int = Field(default=1, ge=1)
    timeout_s: float = Field(default=2.0, gt=0, le=HOLD_LIMIT_S)


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    calls: list[dict[str, Any]] = []
    market = FakeMarket(module, calls)
    renderer = FakeRenderer(calls)
    app.dependency_overrides[module.get_market] = lambda: market
    app.dependency_overrides[module.get_renderer] = lambda: renderer
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        renderer.release_all()
        market.prices.clear()
        calls.clear()
        return {"ok": True}

    @router.post("/quotes")
    async def set_quote(body: SetQuote) -> dict[str, bool]:
        market.prices[body.symbol] = body.price_cents
        return {"ok": True}

    @router.post("/hold")
    async def hold(body: Sym) -> dict[str, bool]:
        with renderer._lock:
            renderer.held.setdefault(body.symbol, threading.Event())
        return {"ok": True}

    @router.post("/release")
    async def release(body: Sym) -> dict[str, bool]:
        with renderer._lock:
            gate = renderer.held.pop(body.symbol, None)
        if gate is not None:
            gate.set()
        return {"ok": True}

    @router.post("/wait-rendering")
    async def wait_rendering(body: WaitRendering) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + body.timeout_s
        while renderer.running.get(body.symbol, 0) < body.count and loop.time() < deadline:
            await asyncio.sleep(0.005)  # polls a counter that worker threads update
        running = renderer.running.get(body.symbol, 0)
        return {"reached": running >= body.count, "running": running}

    @router.get("/calls")
    async def get_calls(symbol: str) -> dict[str, Any]:
        return {
            "quotes": [c for c in calls if c["kind"] == "quote" and c["symbol"] == symbol],
            "renders": [c for c in calls if c["kind"] == "render" and c["symbol"] == symbol],
            "running": renderer.running.get(symbol, 0),
        }

    return router
