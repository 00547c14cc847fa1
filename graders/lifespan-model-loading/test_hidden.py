"""Hidden tests: a model loaded by the lifespan, readiness and reloads (black box, over HTTP).

overrides.py swaps `get_loader` for a fake loader that the `control` client can hold, release and
make fail. Fake models score text by counting "+" and "-" (0.25 each) and are versioned
"fake-<n>". Each test first brings the app to a fresh, ready model with its own reload, so tests
do not depend on each other. Waiting for a background load polls /health/ready with a deadline.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

DEADLINE_S = 3.0


def _json(r: httpx.Response) -> Any:
    try:
        return r.json()
    except ValueError:
        pytest.fail(f"expected a JSON body, got {r.status_code} {r.text[:200]!r}", pytrace=False)


def loads(control: httpx.Client) -> dict[str, Any]:
    return control.get("/loads").json()


def wait_status(client: httpx.Client, wanted: str) -> httpx.Response:
    """Poll /health/ready until its status is `wanted` (or fail after DEADLINE_S)."""
    end = time.monotonic() + DEADLINE_S
    while True:
        r = client.get("/health/ready")
        is_json = r.headers.get("content-type", "").startswith("application/json")
        if is_json and r.json().get("status") == wanted:
            return r
        if time.monotonic() > end:
            pytest.fail(
                f"GET /health/ready never reported status {wanted!r} within {DEADLINE_S:g}s; "
                f"last answer {r.status_code} {r.text[:200]}",
                pytrace=False,
            )
        time.sleep(0.02)


def wait_not_loading(client: httpx.Client) -> None:
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        r = client.get("/health/ready")
        if not (r.status_code == 503 and _json(r).get("status") == "loading"):
            return
        time.sleep(0.02)
    pytest.fail("the app stayed in status 'loading' (is a load stuck?)", pytrace=False)


def reload(client: httpx.Client) -> httpx.Response:
    r = client.post("/admin/reload", timeout=2.0)
    assert r.status_code == 202, f"POST /admin/reload: expected 202, got {r.status_code}: {r.text}"
    return r


def fresh_model(client: httpx.Client, control: httpx.Client) -> str:
    """Reload, wait until ready, return the new model's version."""
    wait_not_loading(client)
    before = loads(control)["calls"]
    reload(client)
    end = time.monotonic() + 1.0
    while loads(control)["calls"] == before:
        if time.monotonic() > end:
            pytest.fail(
                "POST /admin/reload started no load through get_loader() (is get_loader() "
                "called by name when a load starts?)",
                pytrace=False,
            )
        time.sleep(0.01)
    expected = f"fake-{loads(control)['calls']}"
    body = _json(wait_status(client, "ready"))
    assert body.get("model_version") == expected, (
        f"expected the freshly loaded model {expected!r}, got {body}"
    )
    return expected


def predict(client: httpx.Client, text: str) -> httpx.Response:
    return client.post("/predict", json={"text": text})


@pytest.mark.weight(2)
def test_loaded_by_lifespan_at_startup(control: httpx.Client) -> None:
    """The lifespan starts loading the model once at start-up, before any request"""
    startup = loads(control)["calls_at_startup"]
    assert startup == 1, (
        f"expected exactly 1 load started during the lifespan's start-up, got {startup} "
        "(loading at import time, lazily on a request, or twice?)"
    )


@pytest.mark.weight(2)
def test_ready_reports_model(client: httpx.Client, control: httpx.Client) -> None:
    """Once loaded, readiness answers 200 with the model's version"""
    version = fresh_model(client, control)
    r = client.get("/health/ready")
    assert r.status_code == 200, f"GET /health/ready: expected 200, got {r.status_code}"
    expected = {"status": "ready", "model_version": version}
    assert _json(r) == expected, f"expected {expected}, got {r.text[:200]}"


@pytest.mark.weight(3)
def test_predict_uses_loaded_model(client: httpx.Client, control: httpx.Client) -> None:
    """POST /predict scores the text with the loaded model and labels it"""
    version = fresh_model(client, control)
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
        assert _json(r) == expected, f"predict {text!r}: expected {expected}, got {r.text[:200]}"


@pytest.mark.weight(3)
def test_not_ready_while_loading(client: httpx.Client, control: httpx.Client) -> None:
    """While a load runs, readiness and /predict answer 503 and liveness 200"""
    fresh_model(client, control)
    control.post("/hold")
    reload(client)
    r = client.get("/health/ready")
    assert r.status_code == 503, f"ready while loading: expected 503, got {r.status_code}"
    assert _json(r) == {"status": "loading"}, f"expected {{'status': 'loading'}}, got {r.text}"
    r = predict(client, "+")
    assert r.status_code == 503, f"predict while loading: expected 503, got {r.status_code}"
    assert r.headers.get("Retry-After"), "expected a Retry-After header on the 503"
    r = client.get("/health/live")
    assert r.status_code == 200, f"live while loading: expected 200, got {r.status_code}"
    assert _json(r) == {"status": "alive"}, f"expected {{'status': 'alive'}}, got {r.text}"
    control.post("/release")
    body = _json(wait_status(client, "ready"))
    expected = f"fake-{loads(control)['calls']}"
    assert body.get("model_version") == expected, (
        f"expected {expected!r} after the load, got {body}"
    )
    r = predict(client, "+")
    assert r.status_code == 200 and _json(r).get("model_version") == expected, (
        f"predict after the load: expected 200 with model {expected!r}, got {r.text[:200]}"
    )


@pytest.mark.weight(2)
def test_reload_answers_at_once(client: httpx.Client, control: httpx.Client) -> None:
    """POST /admin/reload answers 202 without waiting for the load to finish"""
    fresh_model(client, control)
    control.post("/hold")
    try:
        r = client.post("/admin/reload", timeout=2.0)
    except httpx.TimeoutException:
        pytest.fail("POST /admin/reload waited for the load: expected 202 at once", pytrace=False)
    finally:
        control.post("/release")
    assert r.status_code == 202, f"expected 202, got {r.status_code}: {r.text[:200]}"
    assert _json(r) == {"status": "loading"}, f"expected {{'status': 'loading'}}, got {r.text}"


@pytest.mark.weight(2)
def test_model_loaded_once(client: httpx.Client, control: httpx.Client) -> None:
    """Requests use the loaded model; they never load it again"""
    fresh_model(client, control)
    before = loads(control)["calls"]
    for _ in range(5):
        assert predict(client, "+").status_code == 200, "predict: expected 200"
        client.get("/health/ready")
    after = loads(control)["calls"]
    assert after == before, f"requests loaded the model {after - before} more time(s)"


@pytest.mark.weight(1)
def test_reload_conflict(client: httpx.Client, control: httpx.Client) -> None:
    """A reload while another load runs is a 409 and starts nothing"""
    fresh_model(client, control)
    control.post("/hold")
    try:
        reload(client)
        before = loads(control)["calls"]
        r = client.post("/admin/reload", timeout=2.0)
        assert r.status_code == 409, f"second reload: expected 409, got {r.status_code}"
        assert loads(control)["calls"] == before, "the refused reload started another load"
    finally:
        control.post("/release")


@pytest.mark.weight(2)
def test_failed_load(client: httpx.Client, control: httpx.Client) -> None:
    """A failed load leaves the app alive but not ready, until a reload succeeds"""
    fresh_model(client, control)
    control.post("/fail-next")
    reload(client)
    r = wait_status(client, "failed")
    assert r.status_code == 503, f"ready after a failed load: expected 503, got {r.status_code}"
    r = predict(client, "+")
    assert r.status_code == 503, f"predict after a failed load: expected 503, got {r.status_code}"
    r = client.get("/health/live")
    assert r.status_code == 200, f"live after a failed load: expected 200, got {r.status_code}"
    fresh_model(client, control)


@pytest.mark.weight(1)
def test_predict_validation(client: httpx.Client, control: httpx.Client) -> None:
    """Text must be 1 to 1000 characters"""
    fresh_model(client, control)
    for text in ("", "+" * 1001):
        r = predict(client, text)
        assert r.status_code == 422, (
            f"text of {len(text)} characters: expected 422, got {r.status_code}"
        )
    assert predict(client, "x" * 1000).status_code == 200, "1000 characters: expected 200"
