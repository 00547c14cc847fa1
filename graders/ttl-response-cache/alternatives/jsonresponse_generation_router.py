"""Catalog gateway: a cache-aside helper returning explicit JSONResponses, dataclass entries,
and list invalidation by bumping a generation counter (APIRouter style)."""

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Path, Query, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
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


@dataclass
class Entry:
    value: Any
    stored_at: float
    ttl: float

    def fresh(self, now: float) -> bool:
        return now < self.stored_at + self.ttl


@dataclass
class Cache:
    """All cached data. `Cache()` needs no arguments."""

    products: dict[int, Entry] = field(default_factory=dict)
    lists: dict[tuple[int, str | None, int], Entry] = field(default_factory=dict)
    recommendations: dict[str, Entry] = field(default_factory=dict)
    list_generation: int = 0

    def invalidate_product(self, product_id: int) -> None:
        self.products.pop(product_id, None)
        self.list_generation += 1
        self.lists.clear()


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


async def cache_aside(
    store: dict, key: Any, ttl: float, clock: Clock, load: Callable[[], Awaitable[Any]]
) -> tuple[Any, bool]:
    """Return (value, hit). `load` returns None for answers that must not be cached."""
    entry = store.get(key)
    if entry is not None and entry.fresh(clock.now()):
        return entry.value, True
    value = await load()
    if value is not None:
        store[key] = Entry(value=value, stored_at=clock.now(), ttl=ttl)
    return value, False


def cached_json(body: Any, hit: bool, cache_control: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        body,
        headers={"X-Cache": "HIT" if hit else "MISS", "Cache-Control": cache_control, **headers},
    )


router = APIRouter()


@router.get("/products/{product_id}", response_model=Product)
async def get_product(
    product_id: ProductId, request: Request, upstream: UpstreamDep, clock: ClockDep, cache: CacheDep
) -> Response:
    async def load() -> Any:
        found = await upstream.get_product(product_id)
        return None if found is None else jsonable_encoder(Product.model_validate(found))

    body, hit = await cache_aside(cache.products, product_id, PRODUCT_TTL_S, clock, load)
    if body is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
    response = cached_json(body, hit, "public, max-age=60")
    etag = '"' + hashlib.md5(response.body).hexdigest() + '"'
    tags = {t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")}
    if etag in tags or "*" in tags:
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": "public, max-age=60"})
    response.headers["ETag"] = etag
    return response


@router.get("/products", response_model=list[Product])
async def list_products(
    upstream: UpstreamDep,
    clock: ClockDep,
    cache: CacheDep,
    category: Annotated[str | None, Query(min_length=1, max_length=50)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    async def load() -> Any:
        return jsonable_encoder(
            [Product.model_validate(p) for p in await upstream.list_products(category, page)]
        )

    key = (cache.list_generation, category, page)
    body, hit = await cache_aside(cache.lists, key, LIST_TTL_S, clock, load)
    return cached_json(body, hit, "public, max-age=30")


@router.get("/me/recommendations", response_model=list[Recommendation])
async def my_recommendations(
    upstream: UpstreamDep,
    clock: ClockDep,
    cache: CacheDep,
    x_user: Annotated[str, Header(default_factory=str)],
) -> Response:
    if not x_user:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="X-User header required")

    async def load() -> Any:
        return jsonable_encoder(
            [Recommendation.model_validate(r) for r in await upstream.recommendations(x_user)]
        )

    body, hit = await cache_aside(cache.recommendations, x_user, RECOMMENDATIONS_TTL_S, clock, load)
    return cached_json(body, hit, "private, max-age=60")


@router.put("/products/{product_id}")
async def update_product(
    product_id: ProductId, changes: ProductUpdate, upstream: UpstreamDep, cache: CacheDep
) -> Product:
    updated = await upstream.update_product(product_id, changes.model_dump(exclude_none=True))
    if updated is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
    cache.invalidate_product(product_id)
    return Product.model_validate(updated)


app.include_router(router)
