"""Fakes for the ttl-response-cache challenge (runs in the candidate's process; not secret).

Thin proxies of the grader's service (service.py): `get_upstream` is a client of the grader's
upstream, which holds the catalog and counts every call it receives; `get_clock` asks the
grader for the time (it moves only when a test moves it); `get_cache` hands out a fresh
`Cache()` whenever the grader started a new test. Nothing is recorded here.
"""

from __future__ import annotations

import threading
import types
from typing import Any

from crucible_link import grader
from fastapi import FastAPI


class GraderUpstream:
    """Same methods as the starter's Upstream; the data and the call count are the grader's."""

    async def get_product(self, product_id: int) -> dict[str, Any] | None:
        return await grader().acall("get_product", product_id)

    async def list_products(self, category: str | None, page: int) -> list[dict[str, Any]]:
        return await grader().acall("list_products", category, page)

    async def recommendations(self, user: str) -> list[dict[str, Any]]:
        return await grader().acall("recommendations", user)

    async def update_product(self, product_id: int, changes: dict[str, Any]) -> dict[str, Any] | None:
        return await grader().acall("update_product", product_id, changes)


class GraderClock:
    def now(self) -> float:
        return float(grader().call("now"))


def install(app: FastAPI, module: types.ModuleType) -> None:
    upstream, clock = GraderUpstream(), GraderClock()
    state: dict[str, Any] = {"generation": None, "cache": None}
    lock = threading.Lock()

    def grader_cache() -> Any:
        generation = grader().call("cache_generation")
        with lock:
            if generation != state["generation"]:
                state["generation"], state["cache"] = generation, module.Cache()
            return state["cache"]

    app.dependency_overrides[module.get_clock] = lambda: clock
    app.dependency_overrides[module.get_upstream] = lambda: upstream
    app.dependency_overrides[module.get_cache] = grader_cache
