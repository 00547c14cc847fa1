"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way: they only talk to your running app over HTTP.
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


def _form(username: str, password: str = "correct1horse", confirm: str | None = None) -> dict:
    return {"username": username, "email": f"{username.strip()}@example.com",
            "password": password, "password_confirm": password if confirm is None else confirm}


def test_signup(client: httpx.Client) -> None:
    """A valid form creates the account"""
    username = f"ex_{uuid.uuid4().hex[:10]}"
    r = client.post("/signup", json=_form(username))
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text}"
    assert r.json()["username"] == username


def test_passwords_must_match(client: httpx.Client) -> None:
    """A different confirmation is a model-level error"""
    username = f"ex_{uuid.uuid4().hex[:10]}"
    r = client.post("/signup", json=_form(username, confirm="another1horse"))
    assert r.status_code == 422, f"expected 422, got {r.status_code}"
    errors = r.json()["detail"]
    assert any(e["loc"] == ["body"] and "passwords do not match" in e["msg"] for e in errors), errors
