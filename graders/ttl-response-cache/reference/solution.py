"""Catalog gateway with a cache-aside TTL cache in front of a slow upstream (reference solution).

Each cacheable route builds a key from what identifies its answer (the path parameter, the
validated query parameters, the user), asks the `Cache` first and calls the upstream only on a
miss. Writes invalidate what they change. Time comes from `get_clock`, so expiry is testable.
"""

import asyncio
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, Response, status
from pydantic import BaseModel, Field

app = FastAPI(title="Catalog gateway")

PRODUCT_TTL_S = 60.0
LIST_TTL_S = 30.0
RECOMMENDATIONS_TTL_S = 60.0

T = TypeVar("T")


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


# crucible: replaced-by-grader
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


@dataclass(frozen=True)
class Entry:
    value: Any
    expires_at: float


class Cache:
    """In-memory TTL cache. An entry is fresh while `now < expires_at`."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, Entry] = {}

    def lookup(self, key: Hashable, now: float) -> Entry | None:
        entry = self._entries.get(key)
        if entry is not None and now >= entry.expires_at:
            del self._entries[key]
            return None
        return entry

    def store(self, key: Hashable, value: Any, ttl_s: float, now: float) -> None:
        self._entries[key] = Entry(value=value, expires_at=now + ttl_s)

    def invalidate(self, predicate: Callable[[Hashable], bool]) -> None:
        for key in [key for key in self._entries if predicate(key)]:
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


async def cache_aside(
    cache: Cache,
    clock: Clock,
    key: Hashable,
    ttl_s: float,
    load: Callable[[], Awaitable[T]],
    response: Response,
) -> T:
    """Return the cached value for `key`, or load, store and return it. Sets X-Cache."""
    entry = cache.lookup(key, clock.now())
    if entry is not None:  # an empty list is a valid cached answer
        response.headers["X-Cache"] = "HIT"
        return entry.value
    value = await load()
    cache.store(key, value, ttl_s, clock.now())
    response.headers["X-Cache"] = "MISS"
    return value


def etag_of(product: Product) -> str:
    digest = hashlib.sha256(json.dumps(product.model_dump(), sort_keys=True).encode()).hexdigest()
    return f'"{digest[:32]}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if if_none_match is None:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


def is_list_key(key: Hashable) -> bool:
    return isinstance(key, tuple) and key[0] == "products"


ProductId = Annotated[int, Path(ge=1)]


@app.get("/products/{product_id}", response_model=Product)
async def get_product(
    product_id: ProductId,
    response: Response,
    upstream: UpstreamDep,
    cache: CacheDep,
    clock: ClockDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Product | Response:
    async def load() -> Product:
        found = await upstream.get_product(product_id)
        if found is None:  # raising stores nothing: a 404 is never cached
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
        return Product.model_validate(found)

    product = await cache_aside(
        cache, clock, ("product", product_id), PRODUCT_TTL_S, load, response
    )
    etag = etag_of(product)
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = f"public, max-age={int(PRODUCT_TTL_S)}"
    if etag_matches(if_none_match, etag):
        headers = {name: response.headers[name] for name in ("ETag", "Cache-Control", "X-Cache")}
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return product


@app.get("/products")
async def list_products(
    response: Response,
    upstream: UpstreamDep,
    cache: CacheDep,
    clock: ClockDep,
    category: Annotated[str | None, Query(min_length=1, max_length=50)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> list[Product]:
    async def load() -> list[Product]:
        found = await upstream.list_products(category, page)
        return [Product.model_validate(p) for p in found]

    # Keyed by the validated values: parameter order and an explicit default share one entry.
    products = await cache_aside(
        cache, clock, ("products", category, page), LIST_TTL_S, load, response
    )
    response.headers["Cache-Control"] = f"public, max-age={int(LIST_TTL_S)}"
    return products


@app.get("/me/recommendations")
async def my_recommendations(
    response: Response,
    upstream: UpstreamDep,
    cache: CacheDep,
    clock: ClockDep,
    x_user: Annotated[str | None, Header()] = None,
) -> list[Recommendation]:
    if not x_user:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="X-User header required")

    async def load() -> list[Recommendation]:
        return [Recommendation.model_validate(r) for r in await upstream.recommendations(x_user)]

    # Per user: one user's answer must never be served to another.
    recommendations = await cache_aside(
        cache, clock, ("recommendations", x_user), RECOMMENDATIONS_TTL_S, load, response
    )
    response.headers["Cache-Control"] = f"private, max-age={int(RECOMMENDATIONS_TTL_S)}"
    return recommendations


@app.put("/products/{product_id}")
async def update_product(
    product_id: ProductId, changes: ProductUpdate, upstream: UpstreamDep, cache: CacheDep
) -> Product:
    updated = await upstream.update_product(product_id, changes.model_dump(exclude_none=True))
    if updated is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
    cache.invalidate(lambda key: key == ("product", product_id) or is_list_key(key))
    return Product.model_validate(updated)
