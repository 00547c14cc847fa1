"""The grader's side of ttl-response-cache (runs in the grader's process, see crucible_link.py).

The upstream's catalog lives here and every call the app makes to it is counted here, where the
app cannot reach the count: an app that skips the upstream also goes without its data. The
clock the tests move lives here too (the app's fake clock asks it for the time), and so does
the cache generation: `reset()` starts a new one, and the app's `get_cache` fake hands out a
fresh `Cache()` whenever the generation changed.
"""

from __future__ import annotations

import copy
import threading
from collections import Counter
from typing import Any

from crucible_link import ServiceError, exposed

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
CALLS = ("get_product", "list_products", "recommendations", "update_product")


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ServiceError(f"{what} must be an integer")
    return value


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.products: dict[int, dict[str, Any]] = {}
        self.calls: Counter[str] = Counter()
        self.clock = T0
        self.generation = 0
        self.reset()

    def reset(self) -> None:
        """Before each test: the seed catalog, no calls, the clock at T0, a fresh Cache()."""
        with self._lock:
            self.products = copy.deepcopy(PRODUCTS)
            self.calls = Counter()
            self.clock = T0
            self.generation += 1

    # -- what the tests use ---------------------------------------------------------------

    def count(self, name: str) -> int:
        with self._lock:
            return self.calls[name]

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.clock += seconds

    def change_product(self, product_id: int, **changes: Any) -> None:
        """Changes a product at the upstream, behind the app's cache."""
        with self._lock:
            self.products[product_id].update(changes)

    # -- what the app's fakes call ----------------------------------------------------------

    @exposed
    def now(self) -> float:
        with self._lock:
            return self.clock

    @exposed
    def cache_generation(self) -> int:
        with self._lock:
            return self.generation

    @exposed
    def get_product(self, product_id: Any) -> dict[str, Any] | None:
        with self._lock:
            self.calls["get_product"] += 1
            found = self.products.get(_int(product_id, "product_id"))
            return None if found is None else dict(found)

    @exposed
    def list_products(self, category: Any, page: Any) -> list[dict[str, Any]]:
        with self._lock:
            self.calls["list_products"] += 1
            if category is not None and not isinstance(category, str):
                raise ServiceError("category must be a string or None")
            page = _int(page, "page")
            found = [dict(p) for p in self.products.values() if category in (None, p["category"])]
            return found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE] if page >= 1 else []

    @exposed
    def recommendations(self, user: Any) -> list[dict[str, Any]]:
        with self._lock:
            self.calls["recommendations"] += 1
            if not isinstance(user, str):
                raise ServiceError("user must be a string")
            pick = 1 + sum(map(ord, user)) % len(PRODUCTS)
            return [{"product_id": pick, "reason": f"picked for {user}"}]

    @exposed
    def update_product(self, product_id: Any, changes: Any) -> dict[str, Any] | None:
        with self._lock:
            self.calls["update_product"] += 1
            if not isinstance(changes, dict):
                raise ServiceError("changes must be an object")
            product = self.products.get(_int(product_id, "product_id"))
            if product is None:
                return None
            product.update({k: v for k, v in changes.items() if k in ("name", "price_cents")})
            return dict(product)
