"""Example tests you can run against your app.

Start the app in one terminal:
    INVENTORY_ADMIN_TOKEN=example-admin-token-0123456789abcdef uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same way
over HTTP, with `get_settings` overridden by settings the grader chooses.
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


def test_info(client: httpx.Client) -> None:
    """GET /info reports the application's name"""
    r = client.get("/info")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.json()["app_name"] == "Inventory", f"got {r.text}"


def test_items_first_page(client: httpx.Client) -> None:
    """GET /items starts at item 1"""
    r = client.get("/items", params={"limit": 2})
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert [i["id"] for i in r.json()["items"]] == [1, 2], f"got {r.text}"


def test_admin_config_needs_the_token(client: httpx.Client) -> None:
    """The configuration is for admins only"""
    r = client.get("/admin/config")
    assert r.status_code == 401, f"expected 401, got {r.status_code}"
