"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) Locally your real clock and limiter
are used, so restart the app between runs. The hidden tests replace `get_clock` with a fake
clock kept by the grader (they move it forward), and give each test a fresh `RateLimiter()`.
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


def test_free_key_is_limited(client: httpx.Client) -> None:
    """free-key-beta gets 5 requests, then 429 with Retry-After"""
    for i in range(5):
        r = client.get("/data", headers={"X-API-Key": "free-key-beta"})
        assert r.status_code == 200, f"request {i + 1}: expected 200, got {r.status_code}"
        assert r.headers.get("X-RateLimit-Remaining") == str(4 - i)
    r = client.get("/data", headers={"X-API-Key": "free-key-beta"})
    assert r.status_code == 429, f"expected 429, got {r.status_code}"
    assert "Retry-After" in r.headers


def test_unknown_key(client: httpx.Client) -> None:
    """An unknown API key is 401"""
    r = client.get("/data", headers={"X-API-Key": "nope"})
    assert r.status_code == 401, f"expected 401, got {r.status_code}"
