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


def test_client_info(client: httpx.Client) -> None:
    """The tenant and the user agent are read from the headers"""
    r = client.get("/client-info", headers={"X-Tenant-ID": "acme-eu", "User-Agent": "shop-app/3.1"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    body = r.json()
    assert body["tenant"] == "acme-eu" and body["user_agent"] == "shop-app/3.1", body


def test_login_then_whoami(client: httpx.Client) -> None:
    """The session cookie from POST /session identifies the user"""
    r = client.post("/session", json={"username": "alice"})
    assert r.status_code == 201, f"expected 201, got {r.status_code}"
    session_id = r.cookies["session_id"]
    r = client.get("/session", headers={"Cookie": f"session_id={session_id}"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.json() == {"username": "alice"}
