"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same way,
over HTTP.
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


def login(client: httpx.Client, username: str, password: str, scope: str) -> httpx.Response:
    return client.post("/token", data={"username": username, "password": password, "scope": scope})


def test_token_grants_requested_scopes(client: httpx.Client) -> None:
    """alice gets a token with the scopes she asked for"""
    r = login(client, "alice", "wonderland", "profile items:read")
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    body = r.json()
    assert body["token_type"] == "bearer"
    assert set(body["scope"].split()) == {"profile", "items:read"}, f"got scope {body['scope']!r}"


def test_profile_with_token(client: httpx.Client) -> None:
    """GET /users/me works with a token that has the profile scope"""
    token = login(client, "alice", "wonderland", "profile").json()["access_token"]
    r = client.get("/users/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.json()["username"] == "alice"


def test_items_need_a_token(client: httpx.Client) -> None:
    """GET /items without a token is 401"""
    r = client.get("/items")
    assert r.status_code == 401, f"expected 401, got {r.status_code}"
    assert r.headers.get("WWW-Authenticate", "").startswith("Bearer")
