"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way: they only talk to your running app over HTTP.
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


def test_incoming_id_is_echoed(client: httpx.Client) -> None:
    """A well-formed X-Request-ID comes back unchanged"""
    r = client.post(
        "/orders", json={"item": "Widget", "quantity": 2}, headers={"X-Request-ID": "example-42"}
    )
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    assert r.headers.get("X-Request-ID") == "example-42", f"got {r.headers.get('X-Request-ID')!r}"


def test_id_is_generated(client: httpx.Client) -> None:
    """Without X-Request-ID, the app generates a UUID4"""
    r = client.post("/orders", json={"item": "Widget", "quantity": 2})
    value = r.headers.get("X-Request-ID", "")
    assert uuid.UUID(value).version == 4, f"expected a UUID4, got {value!r}"
    assert r.json()["request_id"] == value, "the order must record the id of its request"


def test_not_found_body(client: httpx.Client) -> None:
    """A 404 body names the request id"""
    r = client.get("/orders/999999", headers={"X-Request-ID": "example-404"})
    assert r.status_code == 404, f"expected 404, got {r.status_code}"
    assert r.json() == {"detail": "Order not found", "request_id": "example-404"}, r.text
