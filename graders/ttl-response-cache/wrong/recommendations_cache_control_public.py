# WRONG: recommendations sent with Cache-Control public -- violates the table: private, max-age=60
"""Catalog gateway with a cache-aside TTL cache, ETag and 304 (Response-parameter style)."""

import asyncio
import hashlib
import json
import time
from typing import Annotated, Any, Hashable

from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, Response, status
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
    """All cached data: key -> (expires_at, value)."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, now: float) -> tuple[bool, Any]:
        entry = self._entries.get(key)
        if entry is None:
            return False, None
        expires_at, value = entry
        if now >= expires_at:
            del self._entries[key]
            return False, None
        return True, value

    def set(self, key: Hashable, value: Any, now: float, ttl: float) -> None:
        self._entries[key] = (now + ttl, value)

    def delete(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def delete_where(self, predicate) -> None:
        for key in [k for k in self._entries if predicate(k)]:
            del self._entries[key]


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


def etag_of(body: Any) -> str:
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return f'"{digest[:32]}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = [c.strip() for c in if_none_match.split(",")]
    return "*" in candidates or any(c.removeprefix("W/") == etag for c in candidates)


def mark(response: Response, hit: bool, cache_control: str) -> None:
    response.headers["X-Cache"] = "HIT" if hit else "MISS"
    response.headers["Cache-Control"] = cache_control


@app.get("/products/{product_id}", response_model=Product)
async def get_product(
    product_id: ProductId,
    response: Response,
    upstream: UpstreamDep,
    clock: ClockDep,
    cache: CacheDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Any:
    key = ("product", product_id)
    hit, body = cache.get(key, clock.now())
    if not hit:
        found = await upstream.get_product(product_id)
        if found is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
        body = Product.model_validate(found).model_dump()
        cache.set(key, body, clock.now(), PRODUCT_TTL_S)
    etag = etag_of(body)
    if etag_matches(if_none_match, etag):
        return Response(
            status_code=status.HTTP_304_NOT_MODIFIED,
            headers={"ETag": etag, "Cache-Control": "public, max-age=60"},
        )
    mark(response, hit, "public, max-age=60")
    response.headers["ETag"] = etag
    return body


@app.get("/products", response_model=list[Product])
async def list_products(
    response: Response,
    upstream: UpstreamDep,
    clock: ClockDep,
    cache: CacheDep,
    category: Annotated[str | None, Query(min_length=1, max_length=50)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Any:
    key = ("list", category, page)
    hit, body = cache.get(key, clock.now())
    if not hit:
        found = await upstream.list_products(category, page)
        body = [Product.model_validate(p).model_dump() for p in found]
        cache.set(key, body, clock.now(), LIST_TTL_S)
    mark(response, hit, "public, max-age=30")
    return body


@app.get("/me/recommendations", response_model=list[Recommendation])
async def my_recommendations(
    response: Response,
    upstream: UpstreamDep,
    clock: ClockDep,
    cache: CacheDep,
    x_user: Annotated[str | None, Header()] = None,
) -> Any:
    if not x_user:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="X-User header required")
    key = ("recommendations", x_user)
    hit, body = cache.get(key, clock.now())
    if not hit:
        found = await upstream.recommendations(x_user)
        body = [Recommendation.model_validate(r).model_dump() for r in found]
        cache.set(key, body, clock.now(), RECOMMENDATIONS_TTL_S)
    mark(response, hit, "public, max-age=60")
    return body


@app.put("/products/{product_id}")
async def update_product(
    product_id: ProductId, changes: ProductUpdate, upstream: UpstreamDep, cache: CacheDep
) -> Product:
    updated = await upstream.update_product(product_id, changes.model_dump(exclude_none=True))
    if updated is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
    cache.delete(("product", product_id))
    cache.delete_where(lambda key: key[0] == "list")
    return Product.model_validate(updated)
