"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way: they only talk to your running app over HTTP.
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


def test_first_page_of_a_category(client: httpx.Client) -> None:
    """The first two kitchen products, out of five"""
    r = client.get("/products", params={"category": "kitchen", "limit": 2})
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    body = r.json()
    assert [p["id"] for p in body["items"]] == [1, 2], f"got {body['items']}"
    assert body["total"] == 5, f"expected total 5, got {body['total']}"
    assert (body["page"], body["limit"]) == (1, 2)


def test_page_zero_is_rejected(client: httpx.Client) -> None:
    """page=0 is a validation error located at the page parameter"""
    r = client.get("/products", params={"page": 0})
    assert r.status_code == 422, f"expected 422, got {r.status_code}"
    assert ["query", "page"] in [e["loc"] for e in r.json()["detail"]]
