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


def test_public_user(client: httpx.Client) -> None:
    """GET /users/2 returns Bob's public fields only"""
    r = client.get("/users/2")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.json() == {"id": 2, "username": "bob", "display_name": "Bob Builder"}, r.text


def test_preferences_of_alice(client: httpx.Client) -> None:
    """Alice has set only her theme"""
    r = client.get("/users/1/preferences")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.json() == {"theme": "dark"}, r.text
