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


def test_health_needs_no_key(client: httpx.Client) -> None:
    """The health check is public"""
    r = client.get("/health")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"


def test_widgets_need_a_key(client: httpx.Client) -> None:
    """No key, no widgets"""
    r = client.get("/v1/widgets")
    assert r.status_code == 401, f"expected 401, got {r.status_code}"


def test_whoami(client: httpx.Client) -> None:
    """The key identifies the client"""
    r = client.get("/v1/whoami", headers={"X-API-Key": "key_acme_4f9d2c71"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.json() == {"client": "acme", "access": "write"}, f"got {r.text}"
