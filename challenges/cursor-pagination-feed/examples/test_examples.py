"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way: they only talk to your running app over HTTP, each test in its own stream.
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


def fill(client: httpx.Client, n: int) -> str:
    stream = f"example-{uuid.uuid4().hex[:8]}"
    for i in range(n):
        r = client.post(f"/streams/{stream}/events", json={"type": "tick", "data": {"n": i}})
        assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    return stream


def test_first_page_has_a_cursor(client: httpx.Client) -> None:
    """The first page holds the oldest events and a cursor"""
    stream = fill(client, 5)
    r = client.get(f"/streams/{stream}/events", params={"limit": 2})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    page = r.json()
    assert [e["seq"] for e in page["items"]] == [0, 1], f"got {page['items']}"
    assert page["has_more"] is True, f"expected has_more true, got {page['has_more']}"
    assert isinstance(page["next_cursor"], str), f"expected a cursor, got {page['next_cursor']!r}"


def test_next_page(client: httpx.Client) -> None:
    """next_cursor leads to the next page"""
    stream = fill(client, 5)
    first = client.get(f"/streams/{stream}/events", params={"limit": 2}).json()
    r = client.get(f"/streams/{stream}/events", params={"limit": 2, "cursor": first["next_cursor"]})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    assert [e["seq"] for e in r.json()["items"]] == [2, 3], f"got {r.json()['items']}"


def test_garbage_cursor(client: httpx.Client) -> None:
    """A cursor the app never issued is a 400"""
    stream = fill(client, 1)
    r = client.get(f"/streams/{stream}/events", params={"cursor": "not-a-cursor"})
    assert r.status_code == 400, f"expected 400, got {r.status_code}"
