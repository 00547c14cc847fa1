"""Hidden tests: liveness vs readiness (black box, over HTTP).

`create_database` and `create_cache` are replaced by fakes (see overrides.py) whose every call
is recorded in the grader's service (service.py), which also says how each ping goes (succeed,
raise, hang, be slow, or wait for the other check) and holds the check timeout `get_settings`
returns. A driver in the app runs its lifespan when the service asks (stop, then start again, as
a restart would), while the service holds `database.connect()` or `close()`, so the tests can look
at the app while it starts or stops. The `service` fixture's reset runs a fresh, fully started
lifespan before each test. No test sleeps: a hanging check is cut short by the app's own
timeout, or the test's request times out.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

ANSWER_TIMEOUT_S = 3.0  # the grader sets check_timeout_s to 0.3 s
SHORT_ANSWER_S = 0.9  # about one check_timeout_s of 0.3 s
LONG_TIMEOUT_S = 4.0  # a slow check takes 1.5 s


def ready(client: httpx.Client) -> httpx.Response:
    try:
        return client.get("/health/ready", timeout=ANSWER_TIMEOUT_S)
    except httpx.TimeoutException:
        pytest.fail(
            f"GET /health/ready gave no answer within {ANSWER_TIMEOUT_S:g}s "
            "(is every check bounded by check_timeout_s?)",
            pytrace=False,
        )


def live(client: httpx.Client) -> httpx.Response:
    try:
        return client.get("/health/live", timeout=ANSWER_TIMEOUT_S)
    except httpx.TimeoutException:
        pytest.fail(f"GET /health/live gave no answer within {ANSWER_TIMEOUT_S:g}s", pytrace=False)


def modes(service: Any, **values: str) -> None:
    service.set_modes(**values)


def calls(service: Any) -> dict[str, Any]:
    return service.calls()


def assert_status(r: httpx.Response, code: int, status: str, what: str) -> dict[str, Any]:
    body = json_body(r)
    got = body.get("status") if isinstance(body, dict) else body
    assert (r.status_code, got) == (code, status), (
        f"{what}: expected {code} with status {status!r}, got {r.status_code} with {r.text[:300]}"
    )
    return body


def assert_checks(body: dict[str, Any], expected: dict[str, str]) -> None:
    assert body.get("checks") == expected, f"expected checks {expected}, got {body.get('checks')!r}"


# --- liveness --------------------------------------------------------------------------------


@pytest.mark.weight(1)
def test_live(client: httpx.Client, service: Any) -> None:
    """Liveness answers 200 {"status": "alive"}"""
    r = live(client)
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == {"status": "alive"}, (
        f"expected {{'status': 'alive'}}, got {r.text[:200]}"
    )


@pytest.mark.weight(2)
def test_live_ignores_dependencies(client: httpx.Client, service: Any) -> None:
    """Liveness stays 200 while the database is down, and pings nothing"""
    modes(service, database="error", cache="hang")
    before = calls(service)["pings"]
    r = live(client)
    assert r.status_code == 200, (
        f"expected 200 while the database is down, got {r.status_code}: {r.text[:200]} "
        "(a failing liveness probe makes the orchestrator restart a healthy process)"
    )
    assert calls(service)["pings"] == before, "GET /health/live pinged the database or the cache"


# --- readiness -------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_ready(client: httpx.Client, service: Any) -> None:
    """Readiness is 200 with every check "ok" when the dependencies answer"""
    body = assert_status(ready(client), 200, "ready", "all dependencies up")
    assert_checks(body, {"database": "ok", "cache": "ok"})


@pytest.mark.weight(3)
def test_database_down_503(client: httpx.Client, service: Any) -> None:
    """Readiness is 503 "not_ready" when the database check fails"""
    modes(service, database="error")
    body = assert_status(ready(client), 503, "not_ready", "database down")
    assert_checks(body, {"database": "error", "cache": "ok"})


@pytest.mark.weight(1)
def test_cache_down_503(client: httpx.Client, service: Any) -> None:
    """Readiness is 503 when the cache check fails"""
    modes(service, cache="error")
    body = assert_status(ready(client), 503, "not_ready", "cache down")
    assert_checks(body, {"database": "ok", "cache": "error"})


@pytest.mark.weight(1)
def test_readiness_recovers(client: httpx.Client, service: Any) -> None:
    """Readiness checks again on every request: it recovers when the database is back"""
    modes(service, database="error")
    assert_status(ready(client), 503, "not_ready", "database down")
    modes(service, database="ok")
    assert_status(ready(client), 200, "ready", "database back")


@pytest.mark.weight(2)
def test_no_secrets_in_body(client: httpx.Client, service: Any) -> None:
    """A failing check does not leak the error text, connection string or password"""
    modes(service, database="error")
    secret = service.secret
    r = ready(client)
    assert r.status_code == 503, f"expected 503, got {r.status_code}"
    text = r.text
    for leaked in (secret, "db-primary.internal", "password authentication", "postgresql://"):
        assert leaked not in text, (
            f"the readiness body exposes the exception text ({leaked!r}): {text[:300]}"
        )


@pytest.mark.weight(3)
def test_hanging_check_times_out(client: httpx.Client, service: Any) -> None:
    """A check that hangs is cut off by the timeout and reported as "timeout" (503)"""
    modes(service, database="hang")
    body = assert_status(ready(client), 503, "not_ready", "database hangs")
    assert_checks(body, {"database": "timeout", "cache": "ok"})


@pytest.mark.weight(2)
def test_timeout_comes_from_the_settings(client: httpx.Client, service: Any) -> None:
    """The check timeout is the one get_settings gives, whether short or long"""
    modes(service, database="hang")
    took = []
    for _ in range(3):  # the fastest of three: a busy machine cannot fail a correct app
        start = time.monotonic()
        assert_status(ready(client), 503, "not_ready", "database hangs")
        took.append(time.monotonic() - start)
        if took[-1] < SHORT_ANSWER_S:
            break
    assert min(took) < SHORT_ANSWER_S, (
        f"with check_timeout_s={service.check_timeout_s:g} from get_settings, a hanging check "
        f"took {min(took):.2f}s to be cut off (expected about {service.check_timeout_s:g}s)"
    )
    service.check_timeout_s = LONG_TIMEOUT_S
    modes(service, database="slow")
    try:
        r = client.get("/health/ready", timeout=LONG_TIMEOUT_S + 3)
    except httpx.TimeoutException:
        pytest.fail(f"GET /health/ready gave no answer within {LONG_TIMEOUT_S + 3:g}s",
                    pytrace=False)
    body = assert_status(
        r, 200, "ready",
        f"a check answering after {service.slow_s:g}s, check_timeout_s={LONG_TIMEOUT_S:g} "
        "from get_settings",
    )
    assert_checks(body, {"database": "ok", "cache": "ok"})


@pytest.mark.weight(2)
def test_checks_run_concurrently(client: httpx.Client, service: Any) -> None:
    """The checks run at the same time, not one after the other"""
    modes(service, database="together", cache="together")
    body = assert_status(ready(client), 200, "ready", "checks that each wait for the other")
    assert_checks(body, {"database": "ok", "cache": "ok"})


# --- lifespan --------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_starting_until_connected(client: httpx.Client, service: Any) -> None:
    """While the database connects at startup, readiness is 503 "starting" and liveness 200"""
    got = service.restart(hold_connect=True)
    assert got["connect_called"], (
        "the lifespan never called database.connect() (create the database with "
        "create_database() in the lifespan and connect it)"
    )
    try:
        assert_status(ready(client), 503, "starting", "during startup")
        assert live(client).status_code == 200, "liveness should be 200 during startup"
    finally:
        service.release_connect()
    body = assert_status(ready(client), 200, "ready", "after the database connected")
    assert_checks(body, {"database": "ok", "cache": "ok"})


@pytest.mark.weight(2)
def test_startup_does_not_wait_for_the_database(service: Any) -> None:
    """The lifespan's startup finishes without waiting for the database to connect"""
    got = service.restart(hold_connect=True)
    try:
        assert got["connect_called"], "the lifespan never called database.connect()"
        assert got["started"], (
            "startup waited for database.connect(): connect in a background task, so that "
            "the server starts (and answers liveness) while the database warms up"
        )
    finally:
        service.release_connect()


@pytest.mark.weight(3)
def test_stopping_during_shutdown(client: httpx.Client, service: Any) -> None:
    """Once shutdown begins, readiness is 503 "stopping" while resources close; liveness 200"""
    assert_status(ready(client), 200, "ready", "before shutdown")
    assert service.stop(hold_close=True), "shutdown never closed the database or the cache"
    try:
        assert_status(ready(client), 503, "stopping", "while shutting down")
        assert live(client).status_code == 200, "liveness should be 200 during shutdown"
    finally:
        service.release_close()


@pytest.mark.weight(1)
def test_shutdown_closes_everything(service: Any) -> None:
    """Shutdown closes the database and the cache"""
    before = calls(service)["closes"]
    service.stop(hold_close=False)
    service.release_close()
    after = calls(service)["closes"]
    for name in ("database", "cache"):
        assert after[name] == before[name] + 1, (
            f"expected {name}.close() once at shutdown, got {after[name] - before[name]} calls"
        )
