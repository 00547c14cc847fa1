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


def test_health_has_security_headers(client: httpx.Client) -> None:
    """GET /health carries the security headers"""
    r = client.get("/health")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.headers.get("X-Content-Type-Options") == "nosniff", f"got {dict(r.headers)}"


def test_unknown_host_is_rejected(client: httpx.Client) -> None:
    """A request for another host is refused"""
    r = client.get("/health", headers={"Host": "evil.test"})
    assert r.status_code == 400, f"expected 400, got {r.status_code}"


def test_report_is_compressed(client: httpx.Client) -> None:
    """The large report is gzip-compressed"""
    r = client.get("/report", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("Content-Encoding") == "gzip", f"got {r.headers.get('Content-Encoding')}"
