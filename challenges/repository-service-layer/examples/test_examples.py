"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) Locally your own repository is used,
so restart the app between runs. The hidden tests replace `get_user_repository` with the
grader's repository, which starts empty for every test.
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


def test_register_and_read(client: httpx.Client) -> None:
    """A registered user can be read back"""
    email = f"user-{uuid.uuid4().hex[:8]}@example.com"
    r = client.post("/users", json={"email": email, "name": "Example"})
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text}"
    got = client.get(r.headers["Location"])
    assert got.status_code == 200 and got.json() == r.json()


def test_unknown_user(client: httpx.Client) -> None:
    """An unknown user is 404"""
    r = client.get("/users/987654321")
    assert r.status_code == 404, f"expected 404, got {r.status_code}"
