"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way over HTTP; in addition, `get_database` is replaced by a database whose sessions record
commit, rollback and close, and whose commit can be made to fail.
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


def test_create_and_read(client: httpx.Client) -> None:
    """A created account can be read back"""
    r = client.post("/accounts", json={"owner": "ada", "balance_cents": 1000})
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text}"
    account = r.json()
    assert client.get(f"/accounts/{account['id']}").json() == account


def test_transfer(client: httpx.Client) -> None:
    """Money moves between two accounts"""
    a = client.post("/accounts", json={"owner": "ada", "balance_cents": 1000}).json()
    b = client.post("/accounts", json={"owner": "bob", "balance_cents": 0}).json()
    r = client.post("/transfers", json={"from_id": a["id"], "to_id": b["id"], "amount_cents": 10})
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text}"
    assert r.json()["target"]["balance_cents"] == 10
