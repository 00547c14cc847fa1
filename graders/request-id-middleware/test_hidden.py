"""Hidden tests: request id middleware (black box, over HTTP)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

HEADER = "X-Request-ID"
UNKNOWN_ORDER = 987_654_321


def one_request_id(r: httpx.Response, what: str) -> str:
    values = r.headers.get_list(HEADER)
    assert len(values) == 1, f"{what}: expected exactly one {HEADER} header, got {values}"
    return values[0]


def assert_generated(value: str, what: str) -> None:
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        pytest.fail(f"{what}: expected a generated UUID4, got {value!r}", pytrace=False)
    assert parsed.version == 4 and str(parsed) == value, (
        f"{what}: expected a canonical lower-case UUID4 like {uuid.uuid4()}, got {value!r}"
    )


def create_order(client: httpx.Client, headers: dict[str, str] | None = None) -> httpx.Response:
    r = client.post("/orders", json={"item": "Widget", "quantity": 2}, headers=headers)
    assert r.status_code == 201, f"POST /orders: expected 201, got {r.status_code}: {r.text[:200]}"
    return r


def assert_error_body(r: httpx.Response, status: int, what: str) -> dict[str, Any]:
    assert r.status_code == status, (
        f"{what}: expected {status}, got {r.status_code}: {r.text[:200]}"
    )
    request_id = one_request_id(r, what)
    body = json_body(r)
    assert isinstance(body, dict) and set(body) == {"detail", "request_id"}, (
        f"{what}: expected a body with exactly 'detail' and 'request_id', got {body!r}"[:400]
    )
    assert body["request_id"] == request_id, (
        f"{what}: body request_id {body['request_id']!r} differs from the header {request_id!r}"
    )
    return body


@pytest.mark.weight(3)
def test_generated_when_absent(client: httpx.Client) -> None:
    """Without an incoming X-Request-ID, the response carries a newly generated UUID4"""
    assert_generated(one_request_id(create_order(client), "POST /orders"), "POST /orders")
    r = client.get(f"/orders/{UNKNOWN_ORDER}")
    assert_generated(one_request_id(r, "GET unknown order"), "GET unknown order")


@pytest.mark.weight(2)
def test_generated_ids_are_unique(client: httpx.Client) -> None:
    """Each request without an id gets its own id"""
    ids = [one_request_id(create_order(client), "POST /orders") for _ in range(5)]
    assert len(set(ids)) == 5, f"expected 5 different ids, got {ids}"


@pytest.mark.weight(3)
def test_valid_incoming_id_echoed(client: httpx.Client) -> None:
    """A well-formed incoming X-Request-ID is echoed back unchanged"""
    for incoming in (
        f"req-{uuid.uuid4().hex[:12]}",
        "Trace_2024.06.01-abc",
        "7",
        "a" * 64,
        str(uuid.uuid4()).upper(),
    ):
        r = create_order(client, {HEADER: incoming})
        got = one_request_id(r, f"incoming {incoming!r}")
        assert got == incoming, f"expected the incoming id {incoming!r} echoed, got {got!r}"


@pytest.mark.weight(2)
def test_invalid_incoming_id_replaced(client: httpx.Client) -> None:
    """A malformed incoming id is not echoed: a new UUID4 is generated instead"""
    for incoming in ("", "a" * 65, "two words", "<script>", "id;drop", "a/b"):
        r = create_order(client, {HEADER: incoming})
        got = one_request_id(r, f"incoming {incoming!r}")
        assert got != incoming, f"the malformed id {incoming!r} was echoed back"
        assert_generated(got, f"incoming {incoming!r}")
    r = client.post(
        "/orders", json={"item": "Widget", "quantity": 1}, headers={HEADER: b"caf\xc3\xa9"}
    )
    assert_generated(one_request_id(r, "non-ASCII incoming id"), "non-ASCII incoming id")
    # raw latin-1 / UTF-8 bytes whose decoded characters are Unicode letters (\w matches them)
    for raw in (b"caf\xe9", "r\u00eaq".encode(), b"x\xb5y", b"n\xb2"):
        r = client.post("/orders", json={"item": "Widget", "quantity": 1}, headers={HEADER: raw})
        got = one_request_id(r, f"non-ASCII incoming id {raw!r}")
        assert_generated(got, f"non-ASCII incoming id {raw!r} (only ASCII letters are allowed)")


@pytest.mark.weight(3)
def test_order_records_creating_request(client: httpx.Client) -> None:
    """A new order records the id of the request that created it"""
    created = create_order(client)
    header = one_request_id(created, "POST /orders")
    order = json_body(created)
    assert order.get("request_id") == header, (
        f"expected the order's request_id to be this request's id {header!r}, got {order!r}"
    )
    incoming = f"audit-{uuid.uuid4().hex[:10]}"
    mine = json_body(create_order(client, {HEADER: incoming}))
    r = client.get(f"/orders/{mine['id']}")
    assert r.status_code == 200, f"GET order: expected 200, got {r.status_code}"
    fetched = json_body(r)
    assert fetched == {"id": mine["id"], "item": "Widget", "quantity": 2, "request_id": incoming}, (
        f"expected the stored order with the creating request's id {incoming!r}, got {fetched!r}"
    )
    assert one_request_id(r, "GET order") != incoming, (
        "the GET response must carry its own request id, not the one stored in the order"
    )


@pytest.mark.weight(2)
def test_not_found_includes_request_id(client: httpx.Client) -> None:
    """A 404 from a route has the detail and the request id in its body"""
    incoming = f"nf-{uuid.uuid4().hex[:10]}"
    r = client.get(f"/orders/{UNKNOWN_ORDER}", headers={HEADER: incoming})
    body = assert_error_body(r, 404, "GET unknown order")
    assert body == {"detail": "Order not found", "request_id": incoming}, f"got {body!r}"


@pytest.mark.weight(2)
def test_router_errors_include_request_id(client: httpx.Client) -> None:
    """An unknown path (404) and a wrong method (405) also carry the request id"""
    missing = assert_error_body(client.get("/no/such/path"), 404, "GET /no/such/path")
    assert missing["detail"] == "Not Found", f"expected detail 'Not Found', got {missing!r}"
    r = client.delete("/orders/1")
    wrong = assert_error_body(r, 405, "DELETE /orders/1")
    assert wrong["detail"] == "Method Not Allowed", f"expected 'Method Not Allowed', got {wrong!r}"
    assert "GET" in r.headers.get("allow", ""), (
        f"a 405 must keep its Allow header, got {r.headers.get('allow')!r}"
    )


@pytest.mark.weight(2)
def test_validation_error_includes_request_id(client: httpx.Client) -> None:
    """A 422 keeps FastAPI's error list and adds the request id"""
    incoming = f"val-{uuid.uuid4().hex[:10]}"
    r = client.post("/orders", json={"item": "", "quantity": 0}, headers={HEADER: incoming})
    body = assert_error_body(r, 422, "POST /orders invalid body")
    assert body["request_id"] == incoming, f"expected {incoming!r}, got {body['request_id']!r}"
    assert isinstance(body["detail"], list) and body["detail"], (
        f"expected FastAPI's list of errors in detail, got {body['detail']!r}"
    )
    locs = sorted(tuple(e.get("loc", ())) for e in body["detail"])
    assert locs == [("body", "item"), ("body", "quantity")], (
        f"expected errors at body.item and body.quantity, got {locs}"
    )
    bad_path = client.get("/orders/abc")
    assert_error_body(bad_path, 422, "GET /orders/abc")


@pytest.mark.weight(3)
def test_crash_includes_request_id(client: httpx.Client) -> None:
    """An unhandled exception answers 500 with the request id in the header and the body"""
    incoming = f"crash-{uuid.uuid4().hex[:10]}"
    # uvicorn closes the connection after a crash: never reuse it for another request.
    r = client.get("/debug/crash", headers={HEADER: incoming, "Connection": "close"})
    body = assert_error_body(r, 500, "GET /debug/crash")
    assert body == {"detail": "Internal Server Error", "request_id": incoming}, f"got {body!r}"
    generated = client.get("/debug/crash", headers={"Connection": "close"})
    body = assert_error_body(generated, 500, "GET /debug/crash without an id")
    assert_generated(body["request_id"], "500 without an incoming id")


@pytest.mark.weight(2)
def test_body_limit_response_has_request_id(client: httpx.Client) -> None:
    """The body-limit middleware's 413 also carries the request id"""
    incoming = f"big-{uuid.uuid4().hex[:10]}"
    r = client.post(
        "/orders",
        json={"item": "x" * 20_000, "quantity": 1},
        # the body is refused unread, so the server will not reuse this connection
        headers={HEADER: incoming, "Connection": "close"},
    )
    assert r.status_code == 413, f"expected 413, got {r.status_code}: {r.text[:200]}"
    got = r.headers.get_list(HEADER)
    assert got == [incoming], (
        f"expected the 413 to carry {HEADER}: {incoming} (is your middleware outermost?), got {got}"
    )
    body = json_body(r)
    assert body.get("request_id") == incoming, (
        f"expected request_id {incoming!r} in the 413 body (set before the limit runs), "
        f"got {body!r}"
    )
