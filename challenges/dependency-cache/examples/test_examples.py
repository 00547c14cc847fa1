"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way over HTTP; in addition, `get_db` is overridden to count the connections of each request.
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


def test_me(client: httpx.Client) -> None:
    """Alice can see who she is"""
    r = client.get("/me", headers={"X-User": "alice"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.json() == {"name": "alice", "full_name": "Alice Archer"}


def test_create_project(client: httpx.Client) -> None:
    """Alice creates a project"""
    name = f"example-{uuid.uuid4().hex[:8]}"
    r = client.post("/projects", json={"name": name}, headers={"X-User": "alice"})
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text}"
    assert r.json()["owner"] == "alice"
