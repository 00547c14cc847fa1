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


def test_create_item(client: httpx.Client) -> None:
    """Creating an item answers 201 with the stored item"""
    r = client.post("/items", json={"name": "Desk Lamp", "price": 35.5, "tags": ["office"]})
    assert r.status_code == 201, f"expected 201, got {r.status_code}"
    item = r.json()
    assert item["name"] == "Desk Lamp" and isinstance(item["id"], int)
    assert client.get(f"/items/{item['id']}").json() == item


def test_price_must_be_a_number(client: httpx.Client) -> None:
    """A non-numeric price is a validation error located at the price field"""
    r = client.post("/items", json={"name": "Desk Lamp", "price": "cheap"})
    assert r.status_code == 422, f"expected 422, got {r.status_code}"
    assert ["body", "price"] in [e["loc"] for e in r.json()["detail"]]


def test_shipping_quote(client: httpx.Client) -> None:
    """A 2.2 kg parcel costs 850 cents"""
    r = client.post("/shipping/quote", json={"weight_kg": 2.2})
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.json() == {"cost_cents": 850}
