"""Example tests you can run against your app.

Start the app in one terminal:   JWT_SECRET=dev-secret uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same way
over HTTP, with `get_settings` and `get_now` replaced by the grader's settings (a known secret)
and a clock the grader keeps and the tests move.
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


def test_login_and_read_me(client: httpx.Client) -> None:
    """Log in with form data, then read /users/me with the token"""
    r = client.post("/token", data={"username": "alice", "password": "wonderland-42"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    token = r.json()["access_token"]
    r = client.get("/users/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.json()["username"] == "alice"


def test_wrong_password(client: httpx.Client) -> None:
    """A wrong password gets no token"""
    r = client.post("/token", data={"username": "alice", "password": "guess"})
    assert r.status_code == 401, f"expected 401, got {r.status_code}"


def test_me_needs_a_token(client: httpx.Client) -> None:
    """No token, no user"""
    r = client.get("/users/me")
    assert r.status_code == 401, f"expected 401, got {r.status_code}"
