"""The hot-path cache: expiry, one load per key at a time, failures not cached."""

from __future__ import annotations

import asyncio

import pytest

from app.services.cache import TTLCache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_values_expire_after_their_ttl() -> None:
    clock, loads = Clock(), []
    cache: TTLCache[int] = TTLCache(clock=clock)

    async def load() -> int:
        loads.append(1)
        return len(loads)

    assert await cache.get_or_load("k", load, ttl=lambda v: 1.0) == 1
    clock.now = 0.9
    assert await cache.get_or_load("k", load, ttl=lambda v: 1.0) == 1
    clock.now = 1.1
    assert await cache.get_or_load("k", load, ttl=lambda v: 1.0) == 2


async def test_concurrent_misses_share_one_load() -> None:
    cache: TTLCache[str] = TTLCache()
    started = []

    async def slow() -> str:
        started.append(1)
        await asyncio.sleep(0.05)
        return "v"

    values = await asyncio.gather(*(cache.get_or_load("k", slow, ttl=lambda v: 5)
                                    for _ in range(50)))
    assert values == ["v"] * 50 and len(started) == 1


async def test_a_failed_load_is_not_cached_and_reaches_every_waiter() -> None:
    cache: TTLCache[str] = TTLCache()
    calls = []

    async def broken() -> str:
        calls.append(1)
        await asyncio.sleep(0.01)
        raise LookupError("gone")

    results = await asyncio.gather(*(cache.get_or_load("k", broken, ttl=lambda v: 5)
                                     for _ in range(3)), return_exceptions=True)
    assert all(isinstance(r, LookupError) for r in results) and len(calls) == 1
    with pytest.raises(LookupError):
        await cache.get_or_load("k", broken, ttl=lambda v: 5)
    assert len(calls) == 2


async def test_size_is_bounded() -> None:
    cache: TTLCache[int] = TTLCache(max_entries=3)
    for i in range(10):
        await cache.get_or_load(i, lambda i=i: asyncio.sleep(0, i), ttl=lambda v: 60)
    assert len(cache._entries) == 3
