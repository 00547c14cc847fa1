"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way over HTTP, with `get_notifier` replaced by a notifier that sometimes fails.
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


def test_create_task(client: httpx.Client) -> None:
    """A new task is created"""
    r = client.post("/tasks", json={"title": f"example {uuid.uuid4().hex[:8]}"})
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text}"


def test_missing_task_envelope(client: httpx.Client) -> None:
    """A missing task is a 404 in the envelope"""
    r = client.get("/tasks/424242")
    assert r.status_code == 404, f"expected 404, got {r.status_code}: {r.text}"
    error = r.json()["error"]
    assert error["status"] == 404
    assert error["code"] == "task_not_found"
    assert isinstance(error["message"], str)
    assert error["details"] is None
