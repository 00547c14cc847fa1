"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same way
over HTTP, with `get_market` and `get_renderer` replaced by fakes: the fake renderer can be held
(it blocks its thread until the test releases it), and while it is held the tests send other
requests and expect answers. To try that by hand, request `/charts/ACME` and `/health` at the same
time: with the starter, `/health` waits for the chart.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

BASE_URL = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(base_url=BASE_URL, timeout=5.0, trust_env=False) as c:
        yield c


def test_chart(client: httpx.Client) -> None:
    """A chart comes with its quote and SVG"""
    r = client.get("/charts/ACME")
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    body = r.json()
    assert body["symbol"] == "ACME" and body["svg"].startswith("<svg"), f"got {body}"


def test_quote(client: httpx.Client) -> None:
    """A quote comes from the market data"""
    r = client.get("/quotes/GLOBEX")
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.json() == {"symbol": "GLOBEX", "price_cents": 9870}, f"got {r.text}"


def test_unknown_symbol(client: httpx.Client) -> None:
    """An unknown symbol is a 404"""
    r = client.get("/charts/NOPE")
    assert r.status_code == 404, f"expected 404, got {r.status_code}: {r.text}"
