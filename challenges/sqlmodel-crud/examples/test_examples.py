"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way over HTTP, with `get_engine` overridden to use the grader's own, emptied database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    base_url = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as c:
        yield c


def new_sku() -> str:
    return "EX-" + uuid.uuid4().hex[:8].upper()


def test_create_and_read(client: httpx.Client) -> None:
    """A created product can be read back, without its cost"""
    body = {"sku": new_sku(), "name": "Widget", "price_cents": 1299, "cost_cents": 700}
    r = client.post("/products", json=body)
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    created = r.json()
    assert "cost_cents" not in created, "cost_cents must not be returned"
    again = client.get(f"/products/{created['id']}")
    assert again.status_code == 200, f"expected 200, got {again.status_code}"
    assert again.json()["sku"] == body["sku"]


def test_unknown_product(client: httpx.Client) -> None:
    """An unknown id is a 404"""
    r = client.get("/products/987654")
    assert r.status_code == 404, f"expected 404, got {r.status_code}"


def test_invalid_sku(client: httpx.Client) -> None:
    """A lower-case SKU is rejected"""
    body = {"sku": "abc-1", "name": "Widget", "price_cents": 1, "cost_cents": 1}
    r = client.post("/products", json=body)
    assert r.status_code == 422, f"expected 422, got {r.status_code}"
