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


def test_subtotal_is_computed(client: httpx.Client) -> None:
    """Each item of the quote carries its subtotal as a money string"""
    body = {
        "items": [{"product_id": 1, "quantity": 2, "unit_price": "19.99"}],
        "delivery_method": "express",
    }
    r = client.post("/orders/quote", json=body)
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.json()["items"][0]["subtotal"] == "39.98"


def test_three_decimals_rejected(client: httpx.Client) -> None:
    """A unit price with three decimals is a validation error"""
    body = {
        "items": [{"product_id": 1, "quantity": 1, "unit_price": "1.999"}],
        "delivery_method": "express",
    }
    r = client.post("/orders/quote", json=body)
    assert r.status_code == 422, f"expected 422, got {r.status_code}: {r.text}"
