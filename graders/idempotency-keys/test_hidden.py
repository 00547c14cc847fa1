"""Hidden tests: idempotency keys for POST /payments (black box, over HTTP).

The app's `get_gateway` is replaced by a client of the grader's fake gateway (service.py, in
this process, reset before each test by the `service` fixture): the tests read the charges and
hold or fail them there, out of the app's reach. Every test uses a fresh reference and fresh
keys, so tests are independent of order and of each other.
Concurrency is made deterministic by *holding* the first charge inside the fake gateway: while it
is held, a duplicate request must answer 409 at once. A solution that lets the duplicate through
also blocks in the gateway, so it does not answer; after RETRY_TIMEOUT_S the test fails (that
wait only happens on the failure path).
"""

from __future__ import annotations

import json
import queue
import threading
import time
import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body, wait_until

RETRY_TIMEOUT_S = 3.0
FIRST_TIMEOUT_S = 15.0


def new_key() -> str:
    return f"idem-{uuid.uuid4()}"


def new_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "amount_cents": 1250,
        "currency": "EUR",
        "reference": f"order-{uuid.uuid4().hex[:12]}",
    }
    body.update(changes)
    return body


def post(client: httpx.Client, body: dict[str, Any], key: str | None) -> httpx.Response:
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post("/payments", json=body, headers=headers)


def charges(service: Any, reference: str) -> list[dict[str, Any]]:
    return service.charges_for(reference)


def in_flight(service: Any, reference: str) -> int:
    return int(service.in_flight(reference))


def payments_for(client: httpx.Client, reference: str) -> list[dict[str, Any]]:
    r = client.get("/payments")
    assert r.status_code == 200, f"GET /payments: expected 200, got {r.status_code}"
    return [p for p in r.json() if p.get("reference") == reference]


def assert_created(r: httpx.Response, what: str = "first request") -> dict[str, Any]:
    assert r.status_code == 201, f"{what}: expected 201, got {r.status_code}: {r.text[:300]}"
    return json_body(r)


def assert_one_charge(service: Any, client: httpx.Client, reference: str) -> None:
    made = charges(service, reference)
    assert len(made) == 1, f"expected exactly 1 charge at the gateway, got {len(made)}"
    stored = payments_for(client, reference)
    assert len(stored) == 1, f"expected exactly 1 payment in GET /payments, got {len(stored)}"


def hold(service: Any, reference: str) -> None:
    service.hold(reference)


def release(service: Any, reference: str) -> None:
    service.release(reference)


def wait_in_flight(service: Any, reference: str, count: int = 1) -> None:
    reached = wait_until(lambda: service.in_flight(reference) >= count, 3.0)
    assert reached, (
        "the first request never reached gateway.charge: is the gateway obtained through the "
        "get_gateway dependency, and called once per new payment?"
    )


def post_in_thread(
    base_url: str,
    body: dict[str, Any],
    key: str,
    results: queue.Queue[tuple[str, Any]],
    barrier: threading.Barrier | None = None,
) -> threading.Thread:
    """POST from another thread, on its own connection; put ("ok", response) or ("error", exc)."""

    def run() -> None:
        with httpx.Client(base_url=base_url, trust_env=False, timeout=FIRST_TIMEOUT_S) as c:
            try:
                if barrier is not None:
                    barrier.wait(timeout=5)
                results.put(("ok", post(c, body, key)))
            except (httpx.HTTPError, threading.BrokenBarrierError) as exc:
                results.put(("error", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def take(results: queue.Queue[tuple[str, Any]], timeout: float, what: str) -> httpx.Response:
    try:
        kind, value = results.get(timeout=timeout)
    except queue.Empty:
        pytest.fail(f"{what}: no answer within {timeout:g}s", pytrace=False)
    if kind != "ok":
        pytest.fail(f"{what}: request failed: {value!r}", pytrace=False)
    return value


# --- creating -------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_create_returns_201(client: httpx.Client, service: Any) -> None:
    """A new key creates the payment: 201, the payment, and a Location header"""
    body = new_body()
    r = post(client, body, new_key())
    payment = assert_created(r)
    for name, value in body.items():
        assert payment.get(name) == value, f"{name}: expected {value!r}, got {payment.get(name)!r}"
    assert isinstance(payment.get("id"), str) and payment["id"], f"no payment id in {payment}"
    made = charges(service, body["reference"])
    assert len(made) == 1, f"expected 1 charge at the gateway, got {len(made)}"
    assert payment.get("charge_id") == made[0]["charge_id"], (
        f"charge_id should be the gateway's id {made[0]['charge_id']!r}, "
        f"got {payment.get('charge_id')!r}"
    )
    location = r.headers.get("Location")
    assert location is not None, "201 without a Location header"
    assert location.endswith(f"/payments/{payment['id']}"), (
        f"Location should point to /payments/{payment['id']}, got {location!r}"
    )


@pytest.mark.weight(1)
def test_location_resolves(client: httpx.Client, service: Any) -> None:
    """The Location of a new payment can be fetched with GET"""
    r = post(client, new_body(), new_key())
    payment = assert_created(r)
    got = client.get(r.headers.get("Location", f"/payments/{payment['id']}"))
    assert got.status_code == 200, f"GET Location: expected 200, got {got.status_code}"
    assert json_body(got) == payment, f"GET Location returned {got.text[:300]}, expected {payment}"


@pytest.mark.weight(1)
def test_different_keys_are_different_payments(client: httpx.Client, service: Any) -> None:
    """The same body with two different keys creates two payments"""
    body = new_body()
    first = assert_created(post(client, body, new_key()))
    second = assert_created(post(client, body, new_key()), "second key")
    assert first["id"] != second["id"], "two keys returned the same payment"
    made = charges(service, body["reference"])
    assert len(made) == 2, f"expected 2 charges for 2 keys, got {len(made)}"


# --- the key ---------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_missing_key_400(client: httpx.Client, service: Any) -> None:
    """A request without Idempotency-Key is rejected with 400 and charges nothing"""
    body = new_body()
    r = post(client, body, None)
    assert r.status_code == 400, f"expected 400, got {r.status_code}: {r.text[:200]}"
    assert isinstance(json_body(r).get("detail"), str), (
        f"expected {{'detail': '...'}}, got {r.text[:200]}"
    )
    assert charges(service, body["reference"]) == [], "the gateway was charged without a key"
    assert payments_for(client, body["reference"]) == [], "a payment was created without a key"


@pytest.mark.weight(1)
def test_blank_key_400(client: httpx.Client, service: Any) -> None:
    """An empty Idempotency-Key is rejected with 400"""
    body = new_body()
    r = post(client, body, "")
    assert r.status_code == 400, f"expected 400, got {r.status_code}: {r.text[:200]}"
    assert charges(service, body["reference"]) == [], "the gateway was charged with an empty key"


@pytest.mark.weight(1)
def test_key_length_limit(client: httpx.Client, service: Any) -> None:
    """A key of up to 255 characters is accepted; a longer one is rejected with 400 or 422"""
    body = new_body()
    r = post(client, body, "k" * 256)
    assert r.status_code in (400, 422), (
        f"256-character key: expected 400 or 422, got {r.status_code}: {r.text[:200]}"
    )
    assert charges(service, body["reference"]) == [], "the gateway was charged for a bad key"
    longest = "k" * 243 + uuid.uuid4().hex[:12]
    assert_created(post(client, body, longest), "255-character key")


@pytest.mark.weight(1)
def test_unknown_payment_404(client: httpx.Client) -> None:
    """Reading a payment that does not exist answers 404"""
    r = client.get(f"/payments/pay_{uuid.uuid4().hex}")
    assert r.status_code == 404, f"expected 404, got {r.status_code}: {r.text[:200]}"


# --- replaying -------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_retry_replays_without_charging(client: httpx.Client, service: Any) -> None:
    """A retry with the same key and body returns the same status and body, charging once"""
    body, key = new_body(), new_key()
    first = post(client, body, key)
    original = assert_created(first)
    for attempt in (1, 2):
        again = post(client, body, key)
        assert again.status_code == first.status_code, (
            f"retry {attempt}: expected status {first.status_code}, "
            f"got {again.status_code}: {again.text[:200]}"
        )
        assert json_body(again) == original, f"retry {attempt}: body differs: {again.text[:300]}"
    assert_one_charge(service, client, body["reference"])


@pytest.mark.weight(2)
def test_retry_replays_headers(client: httpx.Client, service: Any) -> None:
    """A retry replays the original headers too (Location)"""
    body, key = new_body(), new_key()
    first = post(client, body, key)
    assert_created(first)
    again = post(client, body, key)
    assert again.status_code == 201, f"retry: expected 201, got {again.status_code}"
    assert again.headers.get("Location") == first.headers.get("Location"), (
        f"retry: Location {again.headers.get('Location')!r} differs from the original "
        f"{first.headers.get('Location')!r}"
    )
    assert again.headers.get("content-type", "").startswith("application/json"), (
        f"retry: expected a JSON content-type, got {again.headers.get('content-type')!r}"
    )


@pytest.mark.weight(1)
def test_replay_is_marked(client: httpx.Client, service: Any) -> None:
    """Only replayed responses carry Idempotent-Replayed: true"""
    body, key = new_body(), new_key()
    first = post(client, body, key)
    assert_created(first)
    assert first.headers.get("Idempotent-Replayed", "").lower() != "true", (
        "the first response claims to be a replay"
    )
    again = post(client, body, key)
    assert again.headers.get("Idempotent-Replayed", "").lower() == "true", (
        "expected Idempotent-Replayed: true on the retry, "
        f"got {again.headers.get('Idempotent-Replayed')!r}"
    )


@pytest.mark.weight(1)
def test_same_fields_in_another_order_replay(client: httpx.Client, service: Any) -> None:
    """A retry whose JSON has the same fields in another order is a replay"""
    body, key = new_body(), new_key()
    original = assert_created(post(client, body, key))
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=2).encode()
    again = client.post(
        "/payments",
        content=reordered,
        headers={"Idempotency-Key": key, "Content-Type": "application/json"},
    )
    assert again.status_code == 201, (
        f"expected the replayed 201, got {again.status_code}: {again.text[:200]} "
        "(are raw bytes compared instead of the validated body?)"
    )
    assert json_body(again) == original, f"body differs: {again.text[:300]}"
    assert_one_charge(service, client, body["reference"])


# --- mismatches and failures -----------------------------------------------------------------


@pytest.mark.weight(3)
def test_same_key_other_body_422(client: httpx.Client, service: Any) -> None:
    """Reusing a key with a different body is rejected with 422, and charges nothing"""
    body, key = new_body(), new_key()
    original = assert_created(post(client, body, key))
    other = dict(body, amount_cents=body["amount_cents"] + 100)
    r = post(client, other, key)
    assert r.status_code == 422, f"expected 422, got {r.status_code}: {r.text[:300]}"
    assert isinstance(json_body(r).get("detail"), str), (
        "expected the key-reuse error {'detail': '...'}, not a body validation error: "
        f"{r.text[:300]}"
    )
    assert_one_charge(service, client, body["reference"])
    again = post(client, body, key)
    assert again.status_code == 201 and json_body(again) == original, (
        "after the rejected reuse, the original body should still replay; "
        f"got {again.status_code} {again.text[:200]}"
    )


@pytest.mark.weight(1)
def test_invalid_body_does_not_use_the_key(client: httpx.Client, service: Any) -> None:
    """A body that fails validation is a 422 and leaves the key unused"""
    body, key = new_body(), new_key()
    for amount in (-5, 0, 100_000_001):
        bad = post(client, dict(body, amount_cents=amount), key)
        assert bad.status_code == 422, (
            f"amount_cents={amount}: expected 422, got {bad.status_code}")
    assert isinstance(json_body(bad).get("detail"), list), (
        f"expected FastAPI's validation error list, got {bad.text[:300]}"
    )
    assert_created(post(client, body, key), "valid body after the invalid one")
    assert_one_charge(service, client, body["reference"])


@pytest.mark.weight(2)
def test_gateway_failure_can_be_retried(client: httpx.Client, service: Any) -> None:
    """A gateway failure answers 502 and a retry with the same key charges once"""
    body, key = new_body(), new_key()
    service.fail_next.add(body["reference"])
    failed = post(client, body, key)
    assert failed.status_code == 502, f"expected 502, got {failed.status_code}: {failed.text[:200]}"
    assert json_body(failed) == {"detail": "Payment gateway error"}, f"got {failed.text[:200]}"
    assert payments_for(client, body["reference"]) == [], "a payment was stored for a failed charge"
    retry = post(client, body, key)
    assert_created(retry, "retry after the gateway failure")
    assert_one_charge(service, client, body["reference"])


# --- concurrency -----------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_retry_while_in_flight_409(
    client: httpx.Client, service: Any, base_url: str
) -> None:
    """A retry while the first request is still in flight gets 409 and charges nothing"""
    body, key = new_body(), new_key()
    reference = body["reference"]
    results: queue.Queue[tuple[str, Any]] = queue.Queue()
    hold(service, reference)
    try:
        post_in_thread(base_url, body, key, results)
        wait_in_flight(service, reference)
        try:
            with httpx.Client(base_url=base_url, trust_env=False, timeout=RETRY_TIMEOUT_S) as other:
                retry = post(other, body, key)
        except httpx.TimeoutException:
            n = in_flight(service, reference)
            why = (
                f"it called gateway.charge a second time ({n} charges in flight)"
                if n > 1
                else "it waited for the first request instead of answering 409"
            )
            pytest.fail(
                f"the retry did not answer while the first was in flight: {why}", pytrace=False
            )
        assert retry.status_code == 409, (
            f"expected 409 while in flight, got {retry.status_code}: {retry.text[:200]}"
        )
        assert isinstance(json_body(retry).get("detail"), str), (
            f"expected {{'detail': '...'}}, got {retry.text[:200]}"
        )
    finally:
        release(service, reference)
    assert_created(take(results, FIRST_TIMEOUT_S, "first request"))
    assert_one_charge(service, client, reference)


@pytest.mark.weight(3)
def test_simultaneous_requests_charge_once(
    client: httpx.Client, service: Any, base_url: str
) -> None:
    """Five simultaneous requests with one key create exactly one payment"""
    n = 5
    body, key = new_body(), new_key()
    reference = body["reference"]
    results: queue.Queue[tuple[str, Any]] = queue.Queue()
    barrier = threading.Barrier(n)
    hold(service, reference)
    early: list[httpx.Response] = []
    try:
        for _ in range(n):
            post_in_thread(base_url, body, key, results, barrier)
        wait_in_flight(service, reference)
        deadline = time.monotonic() + RETRY_TIMEOUT_S
        while len(early) < n - 1:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(
                    f"only {len(early)} of the {n - 1} duplicates answered while the first was in "
                    f"flight; gateway.charge is in flight {in_flight(service, reference)} times",
                    pytrace=False,
                )
            try:
                kind, value = results.get(timeout=remaining)
            except queue.Empty:
                continue
            assert kind == "ok", f"a duplicate request failed: {value!r}"
            early.append(value)
    finally:
        release(service, reference)
    statuses = sorted(r.status_code for r in early)
    assert statuses == [409] * (n - 1), f"expected {n - 1} x 409 for the duplicates, got {statuses}"
    assert_created(take(results, FIRST_TIMEOUT_S, "the request that was charging"))
    assert_one_charge(service, client, reference)


@pytest.mark.weight(2)
def test_other_keys_are_not_blocked(
    client: httpx.Client, service: Any, base_url: str
) -> None:
    """A payment with another key is not blocked by one in flight"""
    slow, fast = new_body(), new_body()
    results: queue.Queue[tuple[str, Any]] = queue.Queue()
    hold(service, slow["reference"])
    try:
        post_in_thread(base_url, slow, new_key(), results)
        wait_in_flight(service, slow["reference"])
        try:
            with httpx.Client(base_url=base_url, trust_env=False, timeout=RETRY_TIMEOUT_S) as other:
                r = post(other, fast, new_key())
        except httpx.TimeoutException:
            pytest.fail(
                "a payment with a different key waited for the one in flight "
                "(is one lock held around the whole request?)",
                pytrace=False,
            )
        assert_created(r, "payment with the other key")
    finally:
        release(service, slow["reference"])
    assert_created(take(results, FIRST_TIMEOUT_S, "the held payment"))
