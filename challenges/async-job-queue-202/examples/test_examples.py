"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same way
over HTTP, with `get_runner` replaced by a fake runner that they step through each status.
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


def test_accepted(client: httpx.Client) -> None:
    """A report request is accepted with 202 and a status URL"""
    body = {"kind": "sales", "month": "2026-10", "title": f"example-{uuid.uuid4().hex[:8]}"}
    r = client.post("/reports", json=body)
    assert r.status_code == 202, f"expected 202, got {r.status_code}: {r.text}"
    location = r.headers.get("Location")
    assert location, "expected a Location header"
    status = client.get(location)
    assert status.status_code == 200, f"GET {location}: expected 200, got {status.status_code}"
    assert status.json()["status"] in ("queued", "running", "done"), status.text


def test_unknown_job(client: httpx.Client) -> None:
    """An unknown job is a 404"""
    r = client.get("/jobs/does-not-exist")
    assert r.status_code == 404, f"expected 404, got {r.status_code}"
