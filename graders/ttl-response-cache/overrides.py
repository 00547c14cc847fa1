"""Fakes for the ttl-response-cache challenge (runs in the candidate's process; not secret).

Replaces `get_upstream` with an upstream that counts its calls, `get_clock` with a clock that
only moves when a test says so, and `get_cache` with a fresh `Cache()` after every reset:

    POST /reset                               fresh Cache(), fresh upstream data, clock at T0
    POST /advance {"seconds": s}              move the clock forward
    GET  /calls                               upstream calls so far: {"get_product": n, ...}
    POST /upstream/products/{id} {...}        change a product at the upstream, behind the cache
"""

from __future__ import annotations

import asyncio
import copy
import types
from collections import Counter
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

T0 = 1_800_000_000.0
PAGE_SIZE = 2
PRODUCTS: dict[int, dict[str, Any]] = {
    1: {"id": 1, "name": "Widget", "category": "tools", "price_cents": 499},
    2: {"id": 2, "name": "Gadget", "category": "tools", "price_cents": 1299},
    3: {"id": 3, "name": "Yo-yo", "category": "toys", "price_cents": 250},
    4: {"id": 4, "name": "Kite", "category": "toys", "price_cents": 1500},
    5: {"id": 5, "name": "Hammer", "category": "tools", "price_cents": 2100},
    6: {"id": 6, "name": "Field Guide", "category": "books", "price_cents": 3900},
}


class FakeClock:
    def __init__(self) -> None:
        self.value = T0

    def now(self) -> float:
        return self.value


class FakeUpstream:
    """Same methods as the starter's Upstream; counts every call."""

    def __init__(self) -> None:
        self.products = copy.deepcopy(PRODUCTS)
        self.calls: Counter[str] = Counter()

    async def get_product(self, product_id: int) -> dict[str, Any] | None:
        self.calls["get_product"] += 1
        await asyncio.sleep(0)
        found = self.products.get(product_id)
        return None if found is None else dict(found)

    async def list_products(self, category: str | None, page: int) -> list[dict[str, Any]]:
        self.calls["list_products"] += 1
        await asyncio.sleep(0)
        found = [dict(p) for p in self.products.values() if category in (None, p["category"])]
        return found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]

    async def recommendations(self, user: str) -> list[dict[str, Any]]:
        self.calls["recommendations"] += 1
        await asyncio.sleep(0)
        pick = 1 + sum(map(ord, user)) % len(self.products)
        return [{"product_id": pick, "reason": f"picked for {user}"}]

    async def update_product(self, product_id: int, changes: dict[str, Any]) -> dict[str, Any] | None:
        self.calls["update_product"] += 1
        await asyncio.sleep(0)
        if product_id not in self.products:
            return None
        self.products[product_id].update(changes)
        return dict(self.products[product_id])


class Advance(BaseModel):
    seconds: float = Field(ge=0)


class Change(BaseModel):
    name: str | None = None
    price_cents: int | None = None


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    clock = FakeClock()
    state: dict[str, Any] = {"upstream": FakeUpstream(), "cache": module.Cache()}
    app.dependency_overrides[module.get_clock] = lambda: clock
    app.dependency_overrides[module.get_upstream] = lambda: state["upstream"]
    app.dependency_overrides[module.get_cache] = lambda: state["cache"]
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        clock.value = T0
        state["upstream"] = FakeUpstream()
        state["cache"] = module.Cache()
        return {"ok": True}

    @router.post("/advance")
    async def advance(body: Advance) -> dict[str, float]:
        clock.value += body.seconds
        return {"now": clock.value}

    @router.get("/calls")
    async def calls() -> dict[str, int]:
        counts = state["upstream"].calls
        names = ("get_product", "list_products", "recommendations", "update_product")
        return {name: counts[name] for name in names}

    @router.post("/upstream/products/{product_id}")
    async def change(product_id: int, body: Change) -> dict[str, Any]:
        product = state["upstream"].products[product_id]
        product.update(body.model_dump(exclude_none=True))
        return product

    return router
