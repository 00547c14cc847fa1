"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) Locally these examples read the
starter's own OrderSource; when graded, `get_source` is replaced by the grader's fake source.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator

import httpx
import pytest
from crucible_testkit import parse_sse


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    base_url = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as c:
        yield c


def test_csv_header_and_quoting(client: httpx.Client) -> None:
    """The export starts with the header row and quotes a name that contains a comma"""
    r = client.get("/exports/orders.csv")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    rows = list(csv.reader(io.StringIO(r.text, newline="")))
    assert rows[0] == ["id", "customer", "total", "status", "created_at"], rows[0]
    assert all(len(row) == 5 for row in rows), "every row must have exactly 5 fields"
    assert any("," in row[1] for row in rows[1:]), "expected a customer name with a comma"


def test_csv_is_a_download(client: httpx.Client) -> None:
    """The export is an attachment"""
    r = client.get("/exports/orders.csv", params={"status": "paid"})
    expected = 'attachment; filename="orders-paid.csv"'
    assert r.headers.get("content-disposition") == expected, r.headers.get("content-disposition")


def test_status_events_are_json(client: httpx.Client) -> None:
    """The events route streams JSON status events"""
    r = client.get("/orders/1/events")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert r.headers.get("content-type", "").startswith("text/event-stream")
    data = [event.data for event in parse_sse(r.text)]  # the SSE rules an EventSource follows
    assert data, f"expected at least one event, got {r.text!r}"
    assert json.loads(data[0])["order_id"] == 1, data[0]
