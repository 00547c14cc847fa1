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


def test_v1_is_unchanged(client: httpx.Client) -> None:
    """/v1 keeps the old shape"""
    r = client.get("/v1/users/1")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.json() == {"id": 1, "name": "Ada Lovelace"}, r.text


def test_v2_user(client: httpx.Client) -> None:
    """/v2 splits the name and adds the e-mail address"""
    r = client.get("/v2/users/1")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    expected = {"id": 1, "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
    assert r.json() == expected, r.text


def test_v1_is_deprecated(client: httpx.Client) -> None:
    """/v1 responses carry a Deprecation header"""
    r = client.get("/v1/users")
    assert r.headers.get("Deprecation") == "@1767225600", f"got {r.headers.get('Deprecation')!r}"
