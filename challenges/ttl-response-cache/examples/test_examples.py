"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) Locally the starter's slow Upstream,
real clock and cache are used. The hidden tests replace `get_upstream` with a client of the
grader's own upstream (which counts the calls it receives), move a clock the grader keeps, and
give each test a fresh `Cache()`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    base_url = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as c:
        yield c


def test_second_read_is_a_hit(client: httpx.Client) -> None:
    """Reading a product twice: the second answer comes from the cache"""
    first = client.get("/products/1")
    second = client.get("/products/1")
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert second.headers.get("X-Cache") == "HIT", f"got X-Cache {second.headers.get('X-Cache')!r}"


def test_unknown_product(client: httpx.Client) -> None:
    """An unknown product is 404"""
    r = client.get("/products/424242")
    assert r.status_code == 404, f"expected 404, got {r.status_code}"
