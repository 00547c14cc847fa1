"""Hidden tests: a model loaded by the lifespan, readiness and reloads (black box, over HTTP).

overrides.py swaps `get_loader` for a client of the grader's fake loader (service.py, in this
process; the `service` fixture lets held loads go before each test), where every load is
counted and can be held or made to fail, out of the app's reach. Fake models score text by
counting "+" and "-" (0.25 each) and are versioned "fake-<n>". The start-up load is held until
the first test has looked at the app (or a few seconds have passed). Each test first brings the
app to a fresh, ready model with its own reload, so tests do not depend on each other. Waiting
for a background load polls /health/ready with a deadline.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import json_body, wait_until

DEADLINE_S = 3.0


def loads(service: Any) -> int:
    return service.load_count()


def wait_status(client: httpx.Client, wanted: str, version: str | None = None) -> httpx.Response:
    """Poll /health/ready until its status is `wanted` (and, if given, its model_version is
    `version`), or fail after DEADLINE_S."""
    answers: list[httpx.Response] = []

    def reported() -> bool:
        r = client.get("/health/ready")
        answers.append(r)
        is_json = r.headers.get("content-type", "").startswith("application/json")
        return is_json and r.json().get("status") == wanted and (
            version is None or r.json().get("model_version") == version)

    if not wait_until(reported, DEADLINE_S, interval_s=0.02):
        r = answers[-1]
        pytest.fail(
            f"GET /health/ready never reported status {wanted!r}"
            + (f" with model_version {version!r}" if version else "")
            + f" within {DEADLINE_S:g}s; "
            f"last answer {r.status_code} {r.text[:200]}",
            pytrace=False,
        )
    return answers[-1]


def wait_not_loading(client: httpx.Client) -> None:
    def not_loading() -> bool:
        r = client.get("/health/ready")
        return not (r.status_code == 503 and json_body(r).get("status") == "loading")

    if not wait_until(not_loading, DEADLINE_S, interval_s=0.02):
        pytest.fail("the app stayed in status 'loading' (is a load stuck?)", pytrace=False)


def reload(client: httpx.Client) -> httpx.Response:
    r = client.post("/admin/reload", timeout=2.0)
    assert r.status_code == 202, f"POST /admin/reload: expected 202, got {r.status_code}: {r.text}"
    return r


def fresh_model(client: httpx.Client, service: Any) -> str:
    """Reload, wait until ready, return the new model's version."""
    service.release_startup()
    wait_not_loading(client)
    before = loads(service)
    reload(client)
    if not wait_until(lambda: loads(service) != before, 1.0):
        pytest.fail(
            "POST /admin/reload started no load through get_loader() (is get_loader() "
            "called by name when a load starts?)",
            pytrace=False,
        )
    expected = f"fake-{loads(service)}"
    wait_status(client, "ready", expected)  # fails unless the freshly loaded model is served
    return expected


def predict(client: httpx.Client, text: str) -> httpx.Response:
    return client.post("/predict", json={"text": text})


@pytest.mark.weight(2)
def test_loaded_by_lifespan_at_startup(client: httpx.Client, service: Any) -> None:
    """The lifespan starts one load at start-up, before any request, and does not wait for it"""
    startup = service.startup
    assert startup is not None, "the app's lifespan never finished its start-up"
    assert startup["loads"] == 1, (
        f"expected exactly 1 load started during the lifespan's start-up, got {startup['loads']} "
        "(loading at import time, lazily on a request, or twice?)"
    )
    service.watch_done.wait(DEADLINE_S)  # the grader's knock on the app during the load
    assert startup["in_flight"] == 1 and service.answered_during_startup_load, (
        "the lifespan waited for the model to load before it yielded: the app answered nothing, "
        "not even its liveness probe, until then (start the load as a task and yield at once)"
    )
    if service.startup_load_held():  # the start-up load is still held: look at the app meanwhile
        r = client.get("/health/live")
        assert r.status_code == 200, f"live during the start-up load: expected 200, got {r.status_code}"
        r = client.get("/health/ready")
        assert r.status_code == 503 and json_body(r) == {"status": "loading"}, (
            f"ready during the start-up load: expected 503 {{'status': 'loading'}}, got "
            f"{r.status_code} {r.text[:200]}"
        )
    service.release_startup()
    if loads(service) == 1:  # no test has reloaded yet
        wait_status(client, "ready", "fake-1")


@pytest.mark.weight(2)
def test_ready_reports_model(client: httpx.Client, service: Any) -> None:
    """Once loaded, readiness answers 200 with the model's version"""
    version = fresh_model(client, service)
    r = client.get("/health/ready")
    assert r.status_code == 200, f"GET /health/ready: expected 200, got {r.status_code}"
    expected = {"status": "ready", "model_version": version}
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:200]}"


@pytest.mark.weight(3)
def test_predict_uses_loaded_model(client: httpx.Client, service: Any) -> None:
    """POST /predict scores the text with the loaded model and labels it"""
    version = fresh_model(client, service)
    cases = {
        "+": ("positive", 0.25),
        "++ +": ("positive", 0.75),
        "-": ("negative", -0.25),
        "+-": ("neutral", 0.0),
        "+++++-": ("positive", 1.0),
    }
    for text, (label, score) in cases.items():
        r = predict(client, text)
        assert r.status_code == 200, f"predict {text!r}: expected 200, got {r.status_code}"
        expected = {"label": label, "score": score, "model_version": version}
        assert json_body(r) == expected, (
            f"predict {text!r}: expected {expected}, got {r.text[:200]}"
        )


@pytest.mark.weight(3)
def test_not_ready_while_loading(client: httpx.Client, service: Any) -> None:
    """While a load runs, readiness and /predict answer 503 and liveness 200"""
    fresh_model(client, service)
    service.gate.hold()
    reload(client)
    r = client.get("/health/ready")
    assert r.status_code == 503, f"ready while loading: expected 503, got {r.status_code}"
    assert json_body(r) == {"status": "loading"}, f"expected {{'status': 'loading'}}, got {r.text}"
    r = predict(client, "+")
    assert r.status_code == 503, f"predict while loading: expected 503, got {r.status_code}"
    assert r.headers.get("Retry-After"), "expected a Retry-After header on the 503"
    r = client.get("/health/live")
    assert r.status_code == 200, f"live while loading: expected 200, got {r.status_code}"
    assert json_body(r) == {"status": "alive"}, f"expected {{'status': 'alive'}}, got {r.text}"
    assert service.gate.wait_for_waiters(1, DEADLINE_S), "the reload started no load"
    service.gate.release()
    expected = f"fake-{loads(service)}"
    wait_status(client, "ready", expected)
    r = predict(client, "+")
    assert r.status_code == 200 and json_body(r).get("model_version") == expected, (
        f"predict after the load: expected 200 with model {expected!r}, got {r.text[:200]}"
    )


@pytest.mark.weight(2)
def test_reload_answers_at_once(client: httpx.Client, service: Any) -> None:
    """POST /admin/reload answers 202 without waiting for the load to finish"""
    fresh_model(client, service)
    service.gate.hold()
    try:
        r = client.post("/admin/reload", timeout=2.0)
    except httpx.TimeoutException:
        pytest.fail("POST /admin/reload waited for the load: expected 202 at once", pytrace=False)
    finally:
        service.gate.release()
    assert r.status_code == 202, f"expected 202, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == {"status": "loading"}, f"expected {{'status': 'loading'}}, got {r.text}"


@pytest.mark.weight(2)
def test_model_loaded_once(client: httpx.Client, service: Any) -> None:
    """Requests use the loaded model; they never load it again"""
    fresh_model(client, service)
    before = loads(service)
    for _ in range(5):
        assert predict(client, "+").status_code == 200, "predict: expected 200"
        client.get("/health/ready")
    after = loads(service)
    assert after == before, f"requests loaded the model {after - before} more time(s)"


@pytest.mark.weight(1)
def test_reload_conflict(client: httpx.Client, service: Any) -> None:
    """A reload while another load runs is a 409 and starts nothing"""
    fresh_model(client, service)
    service.gate.hold()
    try:
        reload(client)
        assert service.gate.wait_for_waiters(1, DEADLINE_S), "the reload started no load"
        before = loads(service)
        r = client.post("/admin/reload", timeout=2.0)
        assert r.status_code == 409, f"second reload: expected 409, got {r.status_code}"
        assert loads(service) == before, "the refused reload started another load"
    finally:
        service.gate.release()


@pytest.mark.weight(2)
def test_failed_load(client: httpx.Client, service: Any) -> None:
    """A failed load leaves the app alive but not ready, until a reload succeeds"""
    fresh_model(client, service)
    service.fail_next = True
    reload(client)
    r = wait_status(client, "failed")
    assert r.status_code == 503, f"ready after a failed load: expected 503, got {r.status_code}"
    r = predict(client, "+")
    assert r.status_code == 503, f"predict after a failed load: expected 503, got {r.status_code}"
    r = client.get("/health/live")
    assert r.status_code == 200, f"live after a failed load: expected 200, got {r.status_code}"
    fresh_model(client, service)


@pytest.mark.weight(1)
def test_predict_validation(client: httpx.Client, service: Any) -> None:
    """Text must be 1 to 1000 characters"""
    fresh_model(client, service)
    for text in ("", "+" * 1001):
        r = predict(client, text)
        assert r.status_code == 422, (
            f"text of {len(text)} characters: expected 422, got {r.status_code}"
        )
    assert predict(client, "x" * 1000).status_code == 200, "1000 characters: expected 200"
