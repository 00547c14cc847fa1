"""Hidden tests: in-memory rate limiter with an injectable clock (black box, over HTTP).

overrides.py replaces `get_clock` with a clock kept by the grader's service (service.py, moved
only by the tests) and gives every test a fresh `RateLimiter()` (the `service` fixture resets
the clock and starts a new limiter generation), so no test sees another's requests and no test
sleeps.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import expect_status

FREE_A, FREE_B, PRO = "free-key-alpha", "free-key-beta", "pro-key-gamma"


def data(client: httpx.Client, key: str | None) -> httpx.Response:
    return client.get("/data", headers={} if key is None else {"X-API-Key": key})


def login(client: httpx.Client, password: str = "wonderland") -> httpx.Response:
    return client.post("/auth/login", json={"username": "alice", "password": password})


def advance(service: Any, seconds: float) -> None:
    service.advance(seconds)


def header_int(r: httpx.Response, name: str) -> int | None:
    value = r.headers.get(name)
    try:
        return None if value is None else int(value)
    except ValueError:
        pytest.fail(f"{name}: expected an integer, got {value!r}", pytrace=False)


def assert_429(r: httpx.Response, what: str, retry_after: int | None = None) -> None:
    assert r.status_code == 429, f"{what}: expected 429, got {r.status_code}: {r.text[:200]}"
    try:
        body: Any = r.json()
    except ValueError:
        body = None
    assert isinstance(body, dict) and isinstance(body.get("detail"), str), (
        f"{what}: expected {{'detail': '...'}}, got {r.text[:200]}"
    )
    got = header_int(r, "Retry-After")
    assert got is not None, f"{what}: a 429 without Retry-After"
    if retry_after is not None:
        assert got == retry_after, f"{what}: expected Retry-After {retry_after}, got {got}"
    assert header_int(r, "X-RateLimit-Remaining") == 0, (
        f"{what}: expected X-RateLimit-Remaining 0 on a 429, "
        f"got {r.headers.get('X-RateLimit-Remaining')!r}"
    )


def use(client: httpx.Client, key: str, n: int) -> list[httpx.Response]:
    responses = [data(client, key) for _ in range(n)]
    for i, r in enumerate(responses, start=1):
        expect_status(r, 200, f"request {i} of {n} with {key}")
    return responses


# --- limits per plan ---------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_free_plan_allows_five_per_minute(client: httpx.Client, service: Any) -> None:
    """A free key gets 5 requests a minute, then 429 with Retry-After"""
    responses = use(client, FREE_A, 5)
    remaining = [header_int(r, "X-RateLimit-Remaining") for r in responses]
    assert remaining == [4, 3, 2, 1, 0], f"X-RateLimit-Remaining: expected [4, 3, 2, 1, 0], got {remaining}"
    limits = {header_int(r, "X-RateLimit-Limit") for r in responses}
    assert limits == {5}, f"X-RateLimit-Limit: expected 5, got {limits}"
    assert_429(data(client, FREE_A), "6th request in the same minute", retry_after=60)


@pytest.mark.weight(2)
def test_pro_plan_allows_twenty(client: httpx.Client, service: Any) -> None:
    """A pro key gets 20 requests a minute"""
    responses = use(client, PRO, 20)
    assert header_int(responses[0], "X-RateLimit-Limit") == 20, (
        f"X-RateLimit-Limit: expected 20, got {responses[0].headers.get('X-RateLimit-Limit')!r}"
    )
    assert header_int(responses[-1], "X-RateLimit-Remaining") == 0
    assert_429(data(client, PRO), "21st request", retry_after=60)


@pytest.mark.weight(2)
def test_keys_are_limited_separately(client: httpx.Client, service: Any) -> None:
    """Each API key has its own budget, even on the same plan"""
    use(client, FREE_A, 5)
    assert_429(data(client, FREE_A), "free-key-alpha after 5")
    r = data(client, FREE_B)
    expect_status(r, 200, "free-key-beta while free-key-alpha is limited")
    assert header_int(r, "X-RateLimit-Remaining") == 4, (
        f"free-key-beta: expected X-RateLimit-Remaining 4, got {r.headers.get('X-RateLimit-Remaining')!r}"
    )


@pytest.mark.weight(1)
def test_unknown_key_401_not_counted(client: httpx.Client, service: Any) -> None:
    """A missing or unknown API key is 401, never 429"""
    for i in range(8):
        r = data(client, "no-such-key" if i % 2 else None)
        assert r.status_code == 401, f"attempt {i + 1}: expected 401, got {r.status_code}"


# --- the sliding window ------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_window_slides(client: httpx.Client, service: Any) -> None:
    """Requests leave the window 60 seconds after they were made, one by one"""
    use(client, FREE_A, 3)  # at T0
    advance(service, 30)
    use(client, FREE_A, 2)  # at T0+30
    advance(service, 1)
    assert_429(data(client, FREE_A), "at T0+31 with 5 requests in the last minute", retry_after=29)
    advance(service, 29)  # T0+60: the three from T0 are 60 s old and no longer count
    r = data(client, FREE_A)
    expect_status(r, 200, "at T0+60, when the first three requests have left the window")
    assert header_int(r, "X-RateLimit-Remaining") == 2, (
        "at T0+60 the window holds the 2 requests from T0+30 and this one: expected "
        f"X-RateLimit-Remaining 2, got {r.headers.get('X-RateLimit-Remaining')!r}"
    )
    assert header_int(r, "X-RateLimit-Reset") == 30, (
        "the oldest counted request (T0+30) leaves at T0+90: expected X-RateLimit-Reset 30, "
        f"got {r.headers.get('X-RateLimit-Reset')!r}"
    )


@pytest.mark.weight(2)
def test_retry_after_rounds_up(client: httpx.Client, service: Any) -> None:
    """Retry-After is rounded up: half a second to wait is 1, and waiting that long works"""
    use(client, FREE_A, 5)
    advance(service, 59.5)
    assert_429(data(client, FREE_A), "59.5 s after the first request", retry_after=1)
    advance(service, 0.5)
    expect_status(data(client, FREE_A), 200, "60 s after the first request")


@pytest.mark.weight(2)
def test_rejected_requests_do_not_count(client: httpx.Client, service: Any) -> None:
    """Rejected requests do not use up the budget"""
    use(client, FREE_A, 5)
    advance(service, 30)
    for i in range(10):
        assert_429(data(client, FREE_A), f"rejected request {i + 1} at T0+30")
    advance(service, 30)
    r = data(client, FREE_A)
    expect_status(r, 200, "at T0+60, after 10 rejected requests at T0+30")
    assert header_int(r, "X-RateLimit-Remaining") == 4, (
        f"expected X-RateLimit-Remaining 4, got {r.headers.get('X-RateLimit-Remaining')!r}"
    )


@pytest.mark.weight(1)
def test_reset_header_on_success(client: httpx.Client, service: Any) -> None:
    """X-RateLimit-Reset counts the seconds until the oldest request leaves the window"""
    first = data(client, PRO)
    expect_status(first, 200, "first request")
    assert header_int(first, "X-RateLimit-Reset") == 60, (
        f"first request: expected X-RateLimit-Reset 60, got {first.headers.get('X-RateLimit-Reset')!r}"
    )
    advance(service, 10)
    second = data(client, PRO)
    assert header_int(second, "X-RateLimit-Reset") == 50, (
        f"10 s later: expected X-RateLimit-Reset 50, got {second.headers.get('X-RateLimit-Reset')!r}"
    )


# --- the login route ---------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_login_is_stricter(client: httpx.Client, service: Any) -> None:
    """Login allows 3 attempts a minute per client, failed or not; the 4th is 429"""
    wrong = login(client, password="guess-1")
    assert wrong.status_code == 401, f"wrong password: expected 401, got {wrong.status_code}"
    wrong = login(client, password="guess-2")
    assert wrong.status_code == 401, f"wrong password: expected 401, got {wrong.status_code}"
    advance(service, 15)
    ok = login(client)
    expect_status(ok, 200, "3rd attempt with the right password")
    assert header_int(ok, "X-RateLimit-Limit") == 3, (
        f"X-RateLimit-Limit on login: expected 3, got {ok.headers.get('X-RateLimit-Limit')!r}"
    )
    assert header_int(ok, "X-RateLimit-Remaining") == 0
    assert_429(login(client), "4th attempt within a minute, right password", retry_after=45)
    advance(service, 45)
    expect_status(login(client), 200, "60 s after the first attempt")


@pytest.mark.weight(1)
def test_login_and_data_budgets_are_separate(client: httpx.Client, service: Any) -> None:
    """Using up the login budget does not limit /data"""
    for _ in range(3):
        login(client, password="nope")
    assert_429(login(client), "4th login attempt")
    r = data(client, FREE_A)
    expect_status(r, 200, "/data after the login budget is used up")
    assert header_int(r, "X-RateLimit-Remaining") == 4, (
        f"/data: expected X-RateLimit-Remaining 4, got {r.headers.get('X-RateLimit-Remaining')!r}"
    )


@pytest.mark.weight(1)
def test_health_is_not_limited(client: httpx.Client, service: Any) -> None:
    """GET /health is never rate limited"""
    for i in range(30):
        r = client.get("/health")
        assert r.status_code == 200, f"request {i + 1}: expected 200, got {r.status_code}"
