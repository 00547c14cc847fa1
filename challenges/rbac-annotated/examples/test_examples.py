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


def test_me(client: httpx.Client) -> None:
    """GET /me returns the caller"""
    r = client.get("/me", headers={"Authorization": "Bearer tok_rita_0d9a"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.json() == {"username": "rita", "roles": ["reader"]}, f"got {r.text}"


def test_no_token_is_401(client: httpx.Client) -> None:
    """No token, no documents"""
    r = client.get("/documents")
    assert r.status_code == 401, f"expected 401, got {r.status_code}"


def test_editor_creates_a_document(client: httpx.Client) -> None:
    """An editor creates a document"""
    r = client.post(
        "/documents",
        json={"title": "Example", "body": "Hello"},
        headers={"Authorization": "Bearer tok_erin_7c41"},
    )
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text}"
    assert r.json()["author"] == "erin"
