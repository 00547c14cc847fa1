"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way over HTTP, with `get_gateway` replaced by a fake gateway that counts charges.
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


def new_body() -> dict[str, object]:
    return {"amount_cents": 995, "currency": "GBP", "reference": f"example-{uuid.uuid4().hex[:8]}"}


def test_create_payment(client: httpx.Client) -> None:
    """A new key creates a payment"""
    r = client.post("/payments", json=new_body(), headers={"Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text}"
    assert r.headers.get("Location", "").endswith(f"/payments/{r.json()['id']}")


def test_retry_returns_the_same_payment(client: httpx.Client) -> None:
    """Retrying with the same key returns the same payment"""
    body, headers = new_body(), {"Idempotency-Key": str(uuid.uuid4())}
    first = client.post("/payments", json=body, headers=headers)
    again = client.post("/payments", json=body, headers=headers)
    assert first.status_code == 201, f"expected 201, got {first.status_code}: {first.text}"
    assert again.json()["id"] == first.json()["id"], "the retry created a second payment"


def test_key_is_required(client: httpx.Client) -> None:
    """No Idempotency-Key, no payment"""
    r = client.post("/payments", json=new_body())
    assert r.status_code == 400, f"expected 400, got {r.status_code}"
