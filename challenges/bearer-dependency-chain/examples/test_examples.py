"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way: they only talk to your running app over HTTP, using the users and tokens in the starter.
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


def test_health_is_public(client: httpx.Client) -> None:
    """The health check needs no token"""
    r = client.get("/health")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"


def test_me_with_token(client: httpx.Client) -> None:
    """Bob's token identifies Bob"""
    r = client.get("/me", headers={"Authorization": "Bearer tok_bob_91d2"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.json()["username"] == "bob"


def test_me_without_token(client: httpx.Client) -> None:
    """No token, no entry"""
    r = client.get("/me")
    assert r.status_code == 401, f"expected 401, got {r.status_code}"
