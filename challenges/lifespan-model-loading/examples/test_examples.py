"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same way
over HTTP, with `get_loader` replaced by a fake loader they can hold or make fail.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    base_url = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as c:
        yield c


def wait_ready(client: httpx.Client, timeout_s: float = 5.0) -> dict[str, object]:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        r = client.get("/health/ready")
        if r.status_code == 200:
            return r.json()
        time.sleep(0.05)
    pytest.fail(f"not ready after {timeout_s}s: {r.status_code} {r.text}")


def test_alive(client: httpx.Client) -> None:
    """The liveness probe answers"""
    r = client.get("/health/live")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"


def test_ready_then_predict(client: httpx.Client) -> None:
    """Once ready, the model answers predictions"""
    version = wait_ready(client)["model_version"]
    r = client.post("/predict", json={"text": "hello"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.json()["model_version"] == version
