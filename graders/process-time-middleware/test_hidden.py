"""Hidden tests: X-Process-Time middleware (black box, over HTTP).

overrides.py replaces `app.state.clock` with a fake clock kept by the grader's service
(service.py) that only moves when the app sleeps, and `get_sleep` with a fake sleep that
advances it: GET /work?ms=N takes exactly N fake milliseconds plus the overshoot the test set
(`service.overshoot_us`, 0 unless a test sets it), every other request 0. The `service`
fixture resets the clock before each test.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import expect_status, json_body


def _crash(base_url: str, ms: float) -> httpx.Response:
    """GET /work/crash on its own connection: a server that lets the exception escape closes
    the connection, which must not break the shared client of later requests and tests."""
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as c:
        return c.get("/work/crash", params={"ms": ms})


def _assert_time(r: httpx.Response, expected: str, what: str) -> None:
    value = r.headers.get("X-Process-Time")
    assert value is not None, (
        f"{what}: no X-Process-Time header (status {r.status_code}, headers {sorted(r.headers)})"
    )
    assert value == expected, (
        f"{what}: expected X-Process-Time {expected!r} (milliseconds, three decimals, measured "
        f"with request.app.state.clock), got {value!r}"
    )


@pytest.mark.weight(1)
def test_routes_unchanged(client: httpx.Client, service: Any) -> None:
    """The routes keep their status codes and bodies"""
    r = client.get("/health")
    expect_status(r, 200, "GET /health")
    assert json_body(r) == {"status": "ok"}, f"GET /health: got {r.text[:200]}"
    r = client.get("/work", params={"ms": 5})
    expect_status(r, 200, "GET /work?ms=5")
    assert json_body(r) == {"slept_ms": 5.0}, f"GET /work?ms=5: got {r.text[:200]}"
    r = client.get("/work/fail", params={"ms": 5})
    expect_status(r, 503, "GET /work/fail?ms=5")
    assert json_body(r) == {"detail": "Upstream unavailable"}, f"GET /work/fail: got {r.text[:200]}"


@pytest.mark.weight(3)
def test_time_of_a_successful_request(client: httpx.Client, service: Any) -> None:
    """A successful request reports the time its route took, in milliseconds"""
    r = client.get("/work", params={"ms": 250})
    expect_status(r, 200, "GET /work?ms=250")
    _assert_time(r, "250.000", "GET /work?ms=250")
    service.overshoot_us = 370  # the sleep returns 0.37 ms late, as a real one may
    r = client.get("/work", params={"ms": 250})
    expect_status(r, 200, "GET /work?ms=250 with a sleep that returns 0.37 ms late")
    _assert_time(r, "250.370", "GET /work?ms=250 with a sleep that returns 0.37 ms late")


@pytest.mark.weight(2)
def test_three_decimals(client: httpx.Client, service: Any) -> None:
    """The value always has exactly three decimals"""
    for ms, expected in ((12.5, "12.500"), (0.042, "0.042"), (1500, "1500.000")):
        r = client.get("/work", params={"ms": ms})
        expect_status(r, 200, f"GET /work?ms={ms}")
        _assert_time(r, expected, f"GET /work?ms={ms}")


@pytest.mark.weight(1)
def test_fast_route(client: httpx.Client, service: Any) -> None:
    """A route that does not wait reports 0.000"""
    r = client.get("/health")
    expect_status(r, 200, "GET /health")
    _assert_time(r, "0.000", "GET /health")


@pytest.mark.weight(2)
def test_http_exception(client: httpx.Client, service: Any) -> None:
    """An HTTPException response carries the header and its own status and body"""
    service.overshoot_us = 5
    r = client.get("/work/fail", params={"ms": 40})
    expect_status(r, 503, "GET /work/fail?ms=40")
    assert json_body(r) == {"detail": "Upstream unavailable"}, f"got {r.text[:200]}"
    _assert_time(r, "40.005", "GET /work/fail?ms=40 (its sleep returned 5 µs late)")


@pytest.mark.weight(2)
def test_unknown_route(client: httpx.Client, service: Any) -> None:
    """A 404 for a route that does not exist carries the header"""
    r = client.get("/no-such-route")
    expect_status(r, 404, "GET /no-such-route")
    _assert_time(r, "0.000", "GET /no-such-route")


@pytest.mark.weight(1)
def test_validation_error(client: httpx.Client, service: Any) -> None:
    """A 422 validation error carries the header"""
    for params in ({"ms": "soon"}, {}, {"ms": -1}, {"ms": 10_001}):
        r = client.get("/work", params=params)
        expect_status(r, 422, f"GET /work with {params}")
        _assert_time(r, "0.000", f"GET /work with {params}")


@pytest.mark.weight(3)
def test_unhandled_exception(service: Any, base_url: str) -> None:
    """An unhandled exception answers 500 with the JSON error body and the header"""
    service.overshoot_us = 250
    r = _crash(base_url, 75)
    expect_status(r, 500, "GET /work/crash?ms=75")
    assert r.headers.get("content-type", "").startswith("application/json"), (
        f"expected a JSON 500, got content-type {r.headers.get('content-type')!r}: {r.text[:200]}"
    )
    assert json_body(r) == {"detail": "Internal Server Error"}, (
        f"expected {{'detail': 'Internal Server Error'}}, got {r.text[:200]}"
    )
    _assert_time(r, "75.250", "GET /work/crash?ms=75 (its sleep returned 0.25 ms late)")


@pytest.mark.weight(1)
def test_serves_after_a_crash(client: httpx.Client, service: Any, base_url: str) -> None:
    """After an unhandled exception the app keeps serving and timing requests"""
    _crash(base_url, 1)
    r = client.get("/work", params={"ms": 30})
    expect_status(r, 200, "GET /work?ms=30 after a crash")
    _assert_time(r, "30.000", "GET /work?ms=30 after a crash")


@pytest.mark.weight(1)
def test_each_request_timed_separately(client: httpx.Client, service: Any) -> None:
    """Each response reports its own request's time, not a running total"""
    service.overshoot_us = 120
    for ms in (100, 20, 100):
        r = client.get("/work", params={"ms": ms})
        expect_status(r, 200, f"GET /work?ms={ms}")
        _assert_time(r, f"{ms}.120", f"GET /work?ms={ms} (its sleep returned 0.12 ms late)")
