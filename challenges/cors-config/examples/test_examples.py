"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way: they send the headers a browser would send (Origin, preflight OPTIONS requests) and read
the CORS headers of the answers.
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


def test_front_end_origin_is_allowed(client: httpx.Client) -> None:
    """The main front end may read the profile"""
    r = client.get("/api/profile", headers={"Origin": "https://app.example.com"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.headers.get("Access-Control-Allow-Origin") == "https://app.example.com"
    assert r.headers.get("Access-Control-Allow-Credentials") == "true"


def test_unknown_origin_is_not_allowed(client: httpx.Client) -> None:
    """A random website may not read the profile"""
    r = client.get("/api/profile", headers={"Origin": "https://attacker.example.org"})
    assert "Access-Control-Allow-Origin" not in r.headers, (
        f"got Access-Control-Allow-Origin {r.headers.get('Access-Control-Allow-Origin')!r}"
    )
