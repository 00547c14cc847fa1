"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way: they only talk to your running app over HTTP, and do not follow redirects.
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


def test_stylesheet_is_served(client: httpx.Client) -> None:
    """GET /static/style.css serves the stylesheet"""
    r = client.get("/static/style.css")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.headers["content-type"].startswith("text/css"), r.headers["content-type"]


def test_healthz_is_plain_text(client: httpx.Client) -> None:
    """GET /healthz answers plain text"""
    r = client.get("/healthz")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.headers["content-type"].startswith("text/plain"), r.headers["content-type"]


def test_admin_stats(client: httpx.Client) -> None:
    """GET /admin/stats reaches the admin app"""
    r = client.get("/admin/stats")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert "static_files" in r.json()
