"""Hidden tests: streamed CSV export and Server-Sent Events (black box, over HTTP).

`get_source` is replaced by the fake in overrides.py, whose orders live in the grader's process
(service.py, reset before each test by the `service` fixture, with totals that change from one
test to the next); the tests read the expected orders there. Streaming is proven without timing
luck: the service *holds* the export after some rows (the app cannot fetch past it), the test
waits until the export is waiting there, and the first rows must reach the client while it is
still held.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from typing import Any

import crucible_testkit
import httpx
import pytest
from crucible_checks import json_body

HOLD_AFTER = 101  # chunks of at most 100 rows: at least one has been sent when the source holds
PROBE_TIMEOUT_S = 4.0
EARLY_WAIT_S = 5.0
COLUMNS = ["id", "customer", "total", "status", "created_at"]
SHIPPED_ORDER = 2  # pending -> paid -> shipped in the fake


def fake_orders(service: Any) -> list[dict[str, Any]]:
    return service.expected_orders()


def expected_rows(orders: list[dict[str, Any]], status: str | None = None) -> list[list[str]]:
    return [
        [
            str(o["id"]),
            o["customer"],
            f"{o['total_cents'] // 100}.{o['total_cents'] % 100:02d}",
            o["status"],
            o["created_at"],
        ]
        for o in orders
        if status is None or o["status"] == status
    ]


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def export(client: httpx.Client, **params: str) -> httpx.Response:
    r = client.get("/exports/orders.csv", params=params)
    assert r.status_code == 200, (
        f"GET /exports/orders.csv {params}: expected 200, got {r.status_code}"
    )
    return r


def assert_rows(got: list[list[str]], expected: list[list[str]], what: str) -> None:
    assert got[:1] == [COLUMNS], f"{what}: expected the header row {COLUMNS}, got {got[:1]}"
    body = got[1:]
    for index, (row, want) in enumerate(zip(body, expected, strict=False)):
        assert row == want, f"{what}: data row {index + 1}: expected {want}, got {row}"
    assert len(body) == len(expected), (
        f"{what}: expected {len(expected)} data rows, got {len(body)}"
    )


@pytest.mark.weight(3)
def test_full_export(client: httpx.Client, service: Any) -> None:
    """The export is a CSV of every order with the documented columns and formats"""
    r = export(client)
    content_type = r.headers.get("content-type", "")
    assert content_type.startswith("text/csv"), f"expected text/csv, got {content_type!r}"
    assert_rows(parse_csv(r.text), expected_rows(fake_orders(service)), "full export")


@pytest.mark.weight(3)
def test_csv_quoting(client: httpx.Client, service: Any) -> None:
    """Commas, quotes, line breaks and non-ASCII text in a field survive the round trip"""
    orders = fake_orders(service)[:9]
    with client.stream("GET", "/exports/orders.csv") as r:
        assert r.status_code == 200, f"expected 200, got {r.status_code}"
        raw = b""
        for chunk in r.iter_bytes():
            raw += chunk
            if len(raw) > 4_000:
                break
    text = raw.decode("utf-8", errors="replace")
    rows = parse_csv(text)[1:10]
    customers = [row[1] if len(row) > 1 else None for row in rows]
    expected = [o["customer"] for o in orders]
    assert customers == expected, (
        f"expected these customers after parsing the CSV: {expected!r}, got {customers!r} "
        "(are fields quoted as RFC 4180 requires, e.g. with the csv module?)"
    )


@pytest.mark.weight(2)
def test_download_headers(client: httpx.Client) -> None:
    """The export is an attachment named orders.csv, or orders-<status>.csv when filtered"""
    for params, name in (({}, "orders.csv"), ({"status": "paid"}, "orders-paid.csv")):
        got = export(client, **params).headers.get("content-disposition")
        expected = f'attachment; filename="{name}"'
        assert got == expected, f"{params}: expected Content-Disposition {expected!r}, got {got!r}"


@pytest.mark.weight(2)
def test_status_filter(client: httpx.Client, service: Any) -> None:
    """?status= exports only the orders with that status"""
    orders = fake_orders(service)
    for state in ("cancelled", "shipped"):
        rows = parse_csv(export(client, status=state).text)
        assert_rows(rows, expected_rows(orders, state), f"status={state}")


@pytest.mark.weight(1)
def test_unknown_status_422(client: httpx.Client) -> None:
    """An unknown status is a 422 on the status query parameter"""
    r = client.get("/exports/orders.csv", params={"status": "lost"})
    assert r.status_code == 422, f"expected 422, got {r.status_code}"
    locs = [e.get("loc") for e in json_body(r).get("detail", [])]
    assert ["query", "status"] in locs, f"expected an error at ['query', 'status'], got {locs}"


def _first_bytes(base_url: str, box: dict[str, Any], early: threading.Event) -> None:
    """In a thread: start the export and record what arrives (headers, then bytes); `early` is
    set once the header and a first row have arrived (or the export failed)."""
    try:
        with (
            httpx.Client(base_url=base_url, timeout=15.0, trust_env=False) as c,
            c.stream("GET", "/exports/orders.csv") as r,
        ):
            box["status"] = r.status_code
            box["headers"] = dict(r.headers)
            for chunk in r.iter_bytes():
                box.setdefault("chunks", []).append(chunk)
                if b"".join(box["chunks"]).count(b"\n") >= 2:
                    early.set()
    except httpx.HTTPError as exc:  # reported by the test, never raised in the thread
        box["error"] = repr(exc)
    finally:
        box["done"] = True
        early.set()


def start_held_export(service: Any, base_url: str) -> tuple[threading.Thread, dict[str, Any], threading.Event]:
    """Holds the source after HOLD_AFTER rows, starts an export in a thread, and returns once
    the export waits at the hold."""
    service.hold(HOLD_AFTER)
    box: dict[str, Any] = {}
    early = threading.Event()
    worker = threading.Thread(target=_first_bytes, args=(base_url, box, early), daemon=True)
    worker.start()
    if not service.gate.wait_for_waiters(1, timeout_s=8.0):
        service.release()
        worker.join(15.0)
        pytest.fail(
            f"the export never asked the source for the orders after the first {HOLD_AFTER} "
            f"(status {box.get('status')}, {box.get('error', '')})",
            pytrace=False,
        )
    return worker, box, early


@pytest.mark.weight(3)
def test_rows_stream_before_the_source_finishes(service: Any, base_url: str) -> None:
    """The first rows reach the client while the source is still producing the rest"""
    worker, box, early = start_held_export(service, base_url)
    try:
        early.wait(EARLY_WAIT_S)
        still_held = service.gate.waiting >= 1
        got = b"".join(box.get("chunks", []))
        assert got.count(b"\n") >= 2 and still_held, (
            f"while the source was held after {HOLD_AFTER} rows, expected the header and some "
            f"rows to have arrived, got {len(got)} bytes (is the CSV built in memory first, or sent "
            "in chunks of more than 100 rows?)"
        )
    finally:
        service.release()
    worker.join(15.0)
    assert "error" not in box, f"the export failed after the release: {box.get('error')}"
    text = b"".join(box.get("chunks", [])).decode()
    assert_rows(parse_csv(text), expected_rows(fake_orders(service)), "held export")


@pytest.mark.weight(2)
def test_app_responsive_during_export(client: httpx.Client, service: Any, base_url: str) -> None:
    """Other requests are answered while an export waits on the slow source"""
    worker, _, _ = start_held_export(service, base_url)
    try:
        try:
            r = client.get(f"/orders/{SHIPPED_ORDER}/events", timeout=PROBE_TIMEOUT_S)
        except httpx.TimeoutException:
            pytest.fail(
                f"GET /orders/{SHIPPED_ORDER}/events took over {PROBE_TIMEOUT_S} s while an "
                "export waited on the source: is the blocking source iterated on the event loop?",
                pytrace=False,
            )
        assert r.status_code == 200, f"expected 200, got {r.status_code}"
    finally:
        service.release()
        worker.join(15.0)


def parse_sse(text: str) -> list[dict[str, str]]:
    """The events an EventSource would dispatch, as {"id", "event", "data"} (WHATWG rules: a
    block without data, such as a lone `retry:`, is no event; the id persists)."""
    return [event.as_dict() for event in crucible_testkit.parse_sse(text)]


def read_events(client: httpx.Client, order_id: int, **headers: str) -> httpx.Response:
    r = client.get(f"/orders/{order_id}/events", headers=headers)
    assert r.status_code == 200, (
        f"GET /orders/{order_id}/events {headers}: expected 200, got {r.status_code}: "
        f"{r.text[:200]}"
    )
    return r


def expected_events(service: Any, order_id: int) -> list[dict[str, Any]]:
    history = service.expected_history(order_id)
    return [
        {"id": str(n), "event": "status", "data": {"order_id": order_id, **change}}
        for n, change in enumerate(history, start=1)
    ]


def decoded(events: list[dict[str, str]]) -> list[dict[str, Any]]:
    out = []
    for event in events:
        try:
            data = json.loads(event.get("data", ""))
        except ValueError:
            pytest.fail(
                f"an event's data is not valid JSON: {event.get('data')!r} "
                "(JSON needs double quotes: use json.dumps or a model)",
                pytrace=False,
            )
        out.append({"id": event.get("id"), "event": event.get("event"), "data": data})
    return out


@pytest.mark.weight(3)
def test_sse_status_events(client: httpx.Client, service: Any) -> None:
    """The events route streams one JSON status event per change, with ids from 1"""
    r = read_events(client, SHIPPED_ORDER)
    content_type = r.headers.get("content-type", "")
    assert content_type.startswith("text/event-stream"), (
        f"expected text/event-stream, got {content_type!r}"
    )
    got = decoded(parse_sse(r.text))
    expected = expected_events(service, SHIPPED_ORDER)
    assert got == expected, f"expected the events {expected}, got {got}"


@pytest.mark.weight(2)
def test_sse_resume_after_last_event_id(client: httpx.Client, service: Any) -> None:
    """A client reconnecting with Last-Event-ID only gets the later events"""
    expected = expected_events(service, SHIPPED_ORDER)
    got = decoded(parse_sse(read_events(client, SHIPPED_ORDER, **{"Last-Event-ID": "1"}).text))
    assert got == expected[1:], f"after Last-Event-ID 1: expected {expected[1:]}, got {got}"
    done = read_events(client, SHIPPED_ORDER, **{"Last-Event-ID": str(len(expected))})
    assert parse_sse(done.text) == [], f"after the last id: expected no events, got {done.text!r}"


@pytest.mark.weight(1)
def test_sse_headers_and_bad_last_event_id(client: httpx.Client) -> None:
    """The stream is not cached, and a malformed Last-Event-ID is a 422"""
    r = read_events(client, SHIPPED_ORDER)
    assert "no-cache" in r.headers.get("cache-control", ""), (
        f"expected Cache-Control: no-cache, got {r.headers.get('cache-control')!r}"
    )
    for value in ("two", "-1"):
        bad = client.get(f"/orders/{SHIPPED_ORDER}/events", headers={"Last-Event-ID": value})
        assert bad.status_code == 422, (
            f"Last-Event-ID: {value}: expected 422, got {bad.status_code}"
        )
        locs = [e.get("loc") for e in json_body(bad).get("detail", [])]
        assert ["header", "last-event-id"] in locs, (
            f"Last-Event-ID: {value}: expected ['header', 'last-event-id'], got {locs}"
        )


@pytest.mark.weight(2)
def test_sse_unknown_order_404(client: httpx.Client) -> None:
    """An unknown order is a plain 404, not an empty or broken stream"""
    r = client.get("/orders/424242/events")
    assert r.status_code == 404, f"expected 404, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == {"detail": "Order not found"}, f"got {r.text[:200]}"
