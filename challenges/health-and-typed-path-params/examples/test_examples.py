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


def test_health(client: httpx.Client) -> None:
    """Health check answers 200"""
    r = client.get("/health")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"


def test_get_item(client: httpx.Client) -> None:
    """Item 3 is the Yo-yo"""
    r = client.get("/items/3")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.json()["name"] == "Yo-yo"


def test_item_id_must_be_an_integer(client: httpx.Client) -> None:
    """A non-numeric id is a validation error"""
    r = client.get("/items/three")
    assert r.status_code == 422, f"expected 422, got {r.status_code}"
