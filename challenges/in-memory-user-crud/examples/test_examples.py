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


def test_create_then_read(client: httpx.Client) -> None:
    """A created user can be read back"""
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    r = client.post("/users", json={"name": "Ada Lovelace", "email": email})
    assert r.status_code == 201, f"expected 201, got {r.status_code}"
    user = r.json()
    assert user["email"] == email
    assert client.get(f"/users/{user['id']}").json() == user


def test_unknown_user(client: httpx.Client) -> None:
    """An unknown id answers 404"""
    r = client.get("/users/999999999")
    assert r.status_code == 404, f"expected 404, got {r.status_code}"
    assert r.json() == {"detail": "User not found"}
