"""Catalog gateway in front of a slow upstream service. Every request calls the upstream.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `Upstream`, `Clock`, `Cache`, `get_upstream`, `get_clock` and `get_cache`, and
the models: the grader replaces the three dependencies.
"""

import asyncio
import time
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, status
from pydantic import BaseModel, Field

app = FastAPI(title="Catalog gateway")

PRODUCT_TTL_S = 60.0
LIST_TTL_S = 30.0
RECOMMENDATIONS_TTL_S = 60.0


class Product(BaseModel):
    id: int
    name: str
    category: str
    price_cents: int


class ProductUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    price_cents: int | None = Field(default=None, ge=0)


class Recommendation(BaseModel):
    product_id: int
    reason: str


class Upstream:
    """Client of the slow catalog service (simulated in memory here)."""

    def __init__(self) -> None:
        self._products = {
            1: {"id": 1, "name": "Widget", "category": "tools", "price_cents": 499},
            2: {"id": 2, "name": "Gadget", "category": "tools", "price_cents": 1299},
            3: {"id": 3, "name": "Yo-yo", "category": "toys", "price_cents": 250},
        }

    async def get_product(self, product_id: int) -> dict[str, Any] | None:
        await asyncio.sleep(0.2)
        return self._products.get(product_id)

    async def list_products(self, category: str | None, page: int) -> list[dict[str, Any]]:
        await asyncio.sleep(0.2)
        found = [p for p in self._products.values() if category in (None, p["category"])]
        return found[(page - 1) * 2 : page * 2]

    async def recommendations(self, user: str) -> list[dict[str, Any]]:
        await asyncio.sleep(0.2)
        return [{"product_id": 1, "reason": f"popular with people like {user}"}]

    async def update_product(
        self, product_id: int, changes: dict[str, Any]
    ) -> dict[str, Any] | None:
        await asyncio.sleep(0.2)
        if product_id not in self._products:
            return None
        self._products[product_id] = {**self._products[product_id], **changes}
        return self._products[product_id]


class Clock:
    """Seconds from a monotonic clock."""

    def now(self) -> float:
        return time.monotonic()


class Cache:
    """All cached data. Add what you need, but keep `Cache()` argument-free."""


_upstream = Upstream()
_clock = Clock()
_cache = Cache()


def get_upstream() -> Upstream:
    return _upstream


def get_clock() -> Clock:
    return _clock


def get_cache() -> Cache:
    return _cache


UpstreamDep = Annotated[Upstream, Depends(get_upstream)]
ClockDep = Annotated[Clock, Depends(get_clock)]
CacheDep = Annotated[Cache, Depends(get_cache)]

ProductId = Annotated[int, Path(ge=1)]

# TODO: cache the three GET routes (see the statement) and invalidate on PUT.


@app.get("/products/{product_id}")
async def get_product(product_id: ProductId, upstream: UpstreamDep) -> Product:
    found = await upstream.get_product(product_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
    return Product.model_validate(found)


@app.get("/products")
async def list_products(
    upstream: UpstreamDep,
    category: Annotated[str | None, Query(min_length=1, max_length=50)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> list[Product]:
    return [Product.model_validate(p) for p in await upstream.list_products(category, page)]


@app.get("/me/recommendations")
async def my_recommendations(
    upstream: UpstreamDep, x_user: Annotated[str | None, Header()] = None
) -> list[Recommendation]:
    if not x_user:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="X-User header required")
    return [Recommendation.model_validate(r) for r in await upstream.recommendations(x_user)]


@app.put("/products/{product_id}")
async def update_product(
    product_id: ProductId, changes: ProductUpdate, upstream: UpstreamDep
) -> Product:
    updated = await upstream.update_product(product_id, changes.model_dump(exclude_none=True))
    if updated is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
    return Product.model_validate(updated)
