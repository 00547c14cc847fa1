"""Fakes for the blocking-call-offload challenge (runs in the candidate's process; not secret).

Replaces `get_market` with an async market whose quotes come from the grader's service
(service.py, in the grader's process; symbols no test set up go on to the app's own
MarketData), and `get_renderer` with a renderer whose synchronous `render` blocks its calling
thread on the grader's service, which draws the SVG and can hold it. Each call tells the
service whether it runs on the event loop's thread (the main thread under uvicorn); the calls
are recorded there, not here.
"""

from __future__ import annotations

import threading
import types
from typing import Any

from crucible_link import grader
from fastapi import FastAPI


def _on_loop_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class GraderMarket:
    """Same interface as the starter's MarketData: `await get_quote(symbol)`."""

    def __init__(self, module: types.ModuleType) -> None:
        self._module = module

    async def get_quote(self, symbol: str) -> Any:
        on_loop = _on_loop_thread()
        price = await grader().acall("quote", symbol, on_loop)
        if price is None:
            return await self._module.MarketData().get_quote(symbol)
        return self._module.Quote(symbol=symbol, price_cents=price)


class GraderRenderer:
    """Same interface as the starter's ChartRenderer: a blocking `render(symbol, price_cents)`."""

    def render(self, symbol: str, price_cents: int) -> str:
        return grader().call("render", symbol, price_cents, _on_loop_thread())


def install(app: FastAPI, module: types.ModuleType) -> None:
    market = GraderMarket(module)
    renderer = GraderRenderer()
    app.dependency_overrides[module.get_market] = lambda: market
    app.dependency_overrides[module.get_renderer] = lambda: renderer
