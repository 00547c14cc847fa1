"""Fakes for the streaming-csv-export challenge (runs in the candidate's process; not secret).

Replaces the `get_source` dependency with a source of known orders (names with commas, quotes,
line breaks, non-ASCII) whose export can be held part-way, so a test can prove that the first
rows reach the client before the source has finished. The control router:

    POST /reset                          no hold; release anything still held
    POST /hold     {"after_rows": n}     the next iter_orders() blocks after yielding n orders
    POST /release                        let a held iter_orders() go on
    GET  /state                          {"waiting": n}: exports blocked on a hold right now
    GET  /orders                         every order of the fake, as JSON
    GET  /orders/{id}/history            that order's status changes, as JSON
"""

from __future__ import annotations

import threading
import types
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

HOLD_LIMIT_S = 6.0  # a held export never blocks longer than this, whatever the test does
BULK_ORDERS = 5_000
START = datetime(2026, 2, 1, 8, 30, tzinfo=UTC)
TRICKY = [
    ("Ada Lovelace", "paid"),
    ("Smith, Jones & Co", "shipped"),
    ('Dwayne "The Rock" Johnson', "pending"),
    ("Line\nBreak Ltd", "cancelled"),
    ("Zo\u00eb Caf\u00e9 \u6771\u4eac", "paid"),
    ("  padded  ", "shipped"),
    ("semi;colon", "pending"),
    ('O\'Brien, "Bob"\r\nand sons', "paid"),
    ("Tab\tSeparated", "shipped"),
]
LIFECYCLE = {
    "pending": ["pending"],
    "paid": ["pending", "paid"],
    "shipped": ["pending", "paid", "shipped"],
    "cancelled": ["pending", "cancelled"],
}


class FakeSource:
    """Same methods as the starter's OrderSource."""

    def __init__(self, module: types.ModuleType) -> None:
        self._module = module
        statuses = ["pending", "paid", "shipped", "cancelled"]
        rows: list[tuple[str, str]] = list(TRICKY)
        rows += [
            (f"Customer {i:05d}", statuses[i * 7 % 4]) for i in range(len(TRICKY) + 1, BULK_ORDERS)
        ]
        self.orders = [
            module.Order(
                id=number,
                customer=customer,
                total_cents=number * 7_919 % 250_000 + (5 if number % 3 else 0),
                status=module.OrderStatus(state),
                created_at=START + timedelta(minutes=number * 13, seconds=number % 60),
            )
            for number, (customer, state) in enumerate(rows, start=1)
        ]
        self._by_id = {order.id: order for order in self.orders}
        self._lock = threading.Lock()
        self._hold_after: int | None = None
        self._gate = threading.Event()
        self.waiting = 0  # exports currently blocked on a hold

    def hold(self, after_rows: int) -> None:
        with self._lock:
            self._gate.set()
            self._gate = threading.Event()
            self._hold_after = after_rows

    def release(self) -> None:
        with self._lock:
            self._hold_after = None
            self._gate.set()

    def iter_orders(self, status: Any = None) -> Iterator[Any]:
        with self._lock:  # the hold applies to the next export only
            hold_after, gate = self._hold_after, self._gate
            self._hold_after = None
        sent = 0
        for order in self.orders:
            if status is not None and order.status != status:
                continue
            if hold_after is not None and sent == hold_after:
                with self._lock:
                    self.waiting += 1
                try:
                    gate.wait(HOLD_LIMIT_S)
                finally:
                    with self._lock:
                        self.waiting -= 1
            yield order
            sent += 1

    def get_order(self, order_id: int) -> Any:
        return self._by_id.get(order_id)

    def history(self, order_id: int) -> list[Any]:
        order = self._by_id.get(order_id)
        if order is None:
            return []
        return [
            self._module.StatusChange(
                status=self._module.OrderStatus(step),
                at=order.created_at + timedelta(hours=n * 5, minutes=n * 7),
            )
            for n, step in enumerate(LIFECYCLE[str(order.status.value)])
        ]


class Hold(BaseModel):
    after_rows: int = Field(ge=0)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    source = FakeSource(module)
    app.dependency_overrides[module.get_source] = lambda: source
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        source.release()
        return {"ok": True}

    @router.post("/hold")
    async def hold(body: Hold) -> dict[str, bool]:
        source.hold(body.after_rows)
        return {"ok": True}

    @router.post("/release")
    async def release() -> dict[str, bool]:
        source.release()
        return {"ok": True}

    @router.get("/state")
    async def state() -> dict[str, int]:
        return {"waiting": source.waiting}

    @router.get("/orders")
    async def orders() -> list[dict[str, Any]]:
        return [
            {
                "id": o.id,
                "customer": o.customer,
                "total_cents": o.total_cents,
                "status": str(o.status.value),
                "created_at": _utc(o.created_at),
            }
            for o in source.orders
        ]

    @router.get("/orders/{order_id}/history")
    async def history(order_id: int) -> list[dict[str, str]]:
        return [{"status": str(c.status.value), "at": _utc(c.at)} for c in source.history(order_id)]

    return router
