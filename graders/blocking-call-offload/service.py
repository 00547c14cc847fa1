"""The grader's side of blocking-call-offload (runs in the grader's process, see
crucible_link.py): the fake market's quotes and the fake renderer. Every quote and render the
app asks for is recorded here, where the app cannot reach the record (with the thread the app's
fake reports it was called on: the event loop's or a worker's), the prices come from here and
the SVG is drawn here. A render of a *held* symbol blocks its caller until the test releases it
(at most HOLD_LIMIT_S), just like a slow C library. Every test uses its own symbols.
"""

from __future__ import annotations

import threading
from typing import Any

from crucible_link import Gate, ServiceError, exposed

HOLD_LIMIT_S = 3.0
MAX_CALLS = 10_000


def svg_for(symbol: str, price_cents: int) -> str:
    return f'<svg data-fake="1"><text>{symbol}:{price_cents}</text></svg>'


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.prices: dict[str, int] = {}
        self.calls: list[dict[str, Any]] = []
        self._held: dict[str, Gate] = {}
        self._running: dict[str, int] = {}

    def reset(self) -> None:
        """Before each test: no quotes, no calls, every held render released."""
        with self._lock:
            held = list(self._held.values())
            self._held.clear()
            self.prices.clear()
            self.calls = []
        for gate in held:
            gate.release()

    # -- what the tests use --------------------------------------------------------------

    def hold(self, symbol: str) -> None:
        with self._lock:
            gate = self._held.setdefault(symbol, Gate(timeout_s=HOLD_LIMIT_S))
        gate.hold()

    def release(self, symbol: str) -> None:
        with self._lock:
            gate = self._held.pop(symbol, None)
        if gate is not None:
            gate.release()

    def rendering(self, symbol: str) -> int:
        """Renders of `symbol` in progress."""
        with self._lock:
            return self._running.get(symbol, 0)

    def calls_for(self, symbol: str) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            mine = [dict(c) for c in self.calls if c["symbol"] == symbol]
        return {"quotes": [c for c in mine if c["kind"] == "quote"],
                "renders": [c for c in mine if c["kind"] == "render"]}

    # -- what the app's fakes call ---------------------------------------------------------

    def _record(self, call: dict[str, Any]) -> None:
        with self._lock:
            if len(self.calls) >= MAX_CALLS:
                raise ServiceError("too many calls")
            self.calls.append(call)

    @exposed
    def quote(self, symbol: Any, on_loop: Any) -> int | None:
        """The price of `symbol` if a test set it up (else None: the app's own MarketData)."""
        if not isinstance(symbol, str):
            raise ServiceError("quote(symbol: str, on_loop: bool)")
        self._record({"kind": "quote", "symbol": symbol, "on_loop": on_loop is True})
        with self._lock:
            return self.prices.get(symbol)

    @exposed
    def render(self, symbol: Any, price_cents: Any, on_loop: Any) -> str:
        """Draws the chart; blocks while the symbol is held."""
        if not isinstance(symbol, str) or not isinstance(price_cents, int) \
                or isinstance(price_cents, bool):
            raise ServiceError("render(symbol: str, price_cents: int, on_loop: bool)")
        self._record({"kind": "render", "symbol": symbol, "price_cents": price_cents,
                      "on_loop": on_loop is True})
        with self._lock:
            self._running[symbol] = self._running.get(symbol, 0) + 1
            gate = self._held.get(symbol)
        try:
            if gate is not None:
                gate.wait()
            return svg_for(symbol, price_cents)
        finally:
            with self._lock:
                self._running[symbol] -= 1
