"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way over HTTP, with a fake clock so that they can check exact values; here, with the real
clock, only the format is checked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import httpx
import pytest

FORMAT = re.compile(r"^\d+\.\d{3}$")  # milliseconds with three decimals, e.g. 250.000


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    base_url = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as c:
        yield c


def test_header_on_success(client: httpx.Client) -> None:
    """A successful response carries X-Process-Time in milliseconds"""
    r = client.get("/work", params={"ms": 20})
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    value = r.headers.get("X-Process-Time")
    assert value is not None and FORMAT.match(value), f"got {value!r}"
    assert float(value) >= 20, f"the route waited 20 ms, but the header says {value}"


def test_header_on_404(client: httpx.Client) -> None:
    """A 404 for an unknown route carries X-Process-Time too"""
    r = client.get("/does-not-exist")
    assert r.status_code == 404, f"expected 404, got {r.status_code}"
    assert "X-Process-Time" in r.headers, "no X-Process-Time header on the 404"
