"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same way
over HTTP, with `get_loader` replaced by a fake loader they can hold or make fail.
Waiting for readiness polls with crucible_checks.wait_until (the grader's helpers, on the path
when the examples run in the sandbox).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest
from crucible_checks import wait_until


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    base_url = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as c:
        yield c


def wait_ready(client: httpx.Client, timeout_s: float = 5.0) -> dict[str, object]:
    answers: list[httpx.Response] = []

    def ready() -> bool:
        answers.append(client.get("/health/ready"))
        return answers[-1].status_code == 200

    if not wait_until(ready, timeout_s, interval_s=0.05):
        r = answers[-1]
        pytest.fail(f"not ready after {timeout_s}s: {r.status_code} {r.text}")
    return answers[-1].json()


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
