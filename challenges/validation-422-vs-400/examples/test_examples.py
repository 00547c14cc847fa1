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


def test_valid_quote(client: httpx.Client) -> None:
    """Two pens cost 300 cents"""
    r = client.post("/quotes", json={"items": [{"sku": "PEN-001", "quantity": 2}]})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.json()["total_cents"] == 300


def test_validation_error_format(client: httpx.Client) -> None:
    """A negative quantity is a 422 in the documented format"""
    r = client.post("/quotes", json={"items": [{"sku": "PEN-001", "quantity": -1}]})
    assert r.status_code == 422, f"expected 422, got {r.status_code}: {r.text}"
    body = r.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert body["errors"][0]["location"] == "body"
    assert body["errors"][0]["field"] == "items.0.quantity"
    assert body["errors"][0]["type"] == "greater_than_equal"  # compare type, never message
