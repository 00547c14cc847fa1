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


def test_page_envelope(client: httpx.Client) -> None:
    """GET /books answers one page inside the Page envelope"""
    r = client.get("/books", params={"page": 1, "size": 2})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    body = r.json()
    assert isinstance(body, dict), f"expected a JSON object, got {r.text[:200]}"
    assert set(body) == {"items", "total", "page", "size", "pages"}, f"got keys {sorted(body)}"
    assert body["total"] == 53 and body["page"] == 1 and body["size"] == 2, f"got {body}"
    assert len(body["items"]) == 2, f"expected 2 items, got {len(body['items'])}"


def test_newest_first(client: httpx.Client) -> None:
    """The newest books come first"""
    r = client.get("/books", params={"size": 3})
    body = r.json()
    assert isinstance(body, dict), f"expected a JSON object, got {r.text[:200]}"
    years = [book["year"] for book in body["items"]]
    assert years == [2001, 2001, 2001], f"expected three books from 2001, got years {years}"


def test_page_zero_is_invalid(client: httpx.Client) -> None:
    """Pages are numbered from 1"""
    r = client.get("/books", params={"page": 0})
    assert r.status_code == 422, f"expected 422, got {r.status_code}"
