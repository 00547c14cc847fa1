"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way: they only talk to your running app over HTTP, and read GET /openapi.json.
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


def test_users_are_public(client: httpx.Client) -> None:
    """GET /users/1 needs no key"""
    r = client.get("/users/1")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.json()["username"] == "ada"


def test_items_need_the_key(client: httpx.Client) -> None:
    """GET /items/1 answers 401 without the key and 200 with it"""
    r = client.get("/items/1")
    assert r.status_code == 401, f"without the key: expected 401, got {r.status_code}"
    r = client.get("/items/1", headers={"X-API-Key": "shop-items-4f9a"})
    assert r.status_code == 200, f"with the key: expected 200, got {r.status_code}"


def test_users_router_is_tagged(client: httpx.Client) -> None:
    """GET /users/{user_id} is tagged users in the OpenAPI schema"""
    schema = client.get("/openapi.json").json()
    tags = schema["paths"]["/users/{user_id}"]["get"].get("tags")
    assert tags == ["users"], f"expected ['users'], got {tags}"
