"""Hidden tests: liveness vs readiness (black box, over HTTP).

`create_database` and `create_cache` are replaced by fakes (see overrides.py) whose ping can
succeed, raise, hang, or wait for the other check; `get_settings` gives a short check timeout.
The control router also runs the app's lifespan itself (stop, then start again, as a restart
would), holding `database.connect()` or `close()` so the tests can look at the app while it starts
or stops. `control`'s reset runs a fresh, fully started lifespan before each test. No test sleeps:
a hanging check is cut short by the app's own timeout, or the test's request times out.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

ANSWER_TIMEOUT_S = 3.0  # the grader sets check_timeout_s to 0.3 s


def _json(r: httpx.Response) -> Any:
    try:
        return r.json()
    except ValueError:
        pytest.fail(f"expected a JSON body, got {r.status_code} {r.text[:200]!r}", pytrace=False)


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


def modes(control: httpx.Client, **values: str) -> None:
    control.post("/modes", json=values).raise_for_status()


def calls(control: httpx.Client) -> dict[str, Any]:
    r = control.get("/calls")
    r.raise_for_status()
    return r.json()


def assert_status(r: httpx.Response, code: int, status: str, what: str) -> dict[str, Any]:
    body = _json(r)
    got = body.get("status") if isinstance(body, dict) else body
    assert (r.status_code, got) == (code, status), (
        f"{what}: expected {code} with status {status!r}, got {r.status_code} with {r.text[:300]}"
    )
    return body


def assert_checks(body: dict[str, Any], expected: dict[str, str]) -> None:
    assert body.get("checks") == expected, f"expected checks {expected}, got {body.get('checks')!r}"


# --- liveness --------------------------------------------------------------------------------


@pytest.mark.weight(1)
def test_live(client: httpx.Client, control: httpx.Client) -> None:
    """Liveness answers 200 {"status": "alive"}"""
    r = live(client)
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    assert _json(r) == {"status": "alive"}, f"expected {{'status': 'alive'}}, got {r.text[:200]}"


@pytest.mark.weight(2)
def test_live_ignores_dependencies(client: httpx.Client, control: httpx.Client) -> None:
    """Liveness stays 200 while the database is down, and pings nothing"""
    modes(control, database="error", cache="hang")
    before = calls(control)["pings"]
    r = live(client)
    assert r.status_code == 200, (
        f"expected 200 while the database is down, got {r.status_code}: {r.text[:200]} "
        "(a failing liveness probe makes the orchestrator restart a healthy process)"
    )
    assert calls(control)["pings"] == before, "GET /health/live pinged the database or the cache"


# --- readiness -------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_ready(client: httpx.Client, control: httpx.Client) -> None:
    """Readiness is 200 with every check "ok" when the dependencies answer"""
    body = assert_status(ready(client), 200, "ready", "all dependencies up")
    assert_checks(body, {"database": "ok", "cache": "ok"})


@pytest.mark.weight(3)
def test_database_down_503(client: httpx.Client, control: httpx.Client) -> None:
    """Readiness is 503 "not_ready" when the database check fails"""
    modes(control, database="error")
    body = assert_status(ready(client), 503, "not_ready", "database down")
    assert_checks(body, {"database": "error", "cache": "ok"})


@pytest.mark.weight(1)
def test_cache_down_503(client: httpx.Client, control: httpx.Client) -> None:
    """Readiness is 503 when the cache check fails"""
    modes(control, cache="error")
    body = assert_status(ready(client), 503, "not_ready", "cache down")
    assert_checks(body, {"database": "ok", "cache": "error"})


@pytest.mark.weight(1)
def test_readiness_recovers(client: httpx.Client, control: httpx.Client) -> None:
    """Readiness checks again on every request: it recovers when the database is back"""
    modes(control, database="error")
    assert_status(ready(client), 503, "not_ready", "database down")
    modes(control, database="ok")
    assert_status(ready(client), 200, "ready", "database back")


@pytest.mark.weight(2)
def test_no_secrets_in_body(client: httpx.Client, control: httpx.Client) -> None:
    """A failing check does not leak the error text, connection string or password"""
    modes(control, database="error")
    secret = calls(control)["secret"]
    r = ready(client)
    assert r.status_code == 503, f"expected 503, got {r.status_code}"
    text = r.text
    for leaked in (secret, "db-primary.internal", "password authentication", "postgresql://"):
        assert leaked not in text, (
            f"the readiness body exposes the exception text ({leaked!r}): {text[:300]}"
        )


@pytest.mark.weight(3)
def test_hanging_check_times_out(client: httpx.Client, control: httpx.Client) -> None:
    """A check that hangs is cut off by the timeout and reported as "timeout" (503)"""
    modes(control, database="hang")
    body = assert_status(ready(client), 503, "not_ready", "database hangs")
    assert_checks(body, {"database": "timeout", "cache": "ok"})


@pytest.mark.weight(2)
def test_checks_run_concurrently(client: httpx.Client, control: httpx.Client) -> None:
    """The checks run at the same time, not one after the other"""
    modes(control, database="together", cache="together")
    body = assert_status(ready(client), 200, "ready", "checks that each wait for the other")
    assert_checks(body, {"database": "ok", "cache": "ok"})


# --- lifespan --------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_starting_until_connected(client: httpx.Client, control: httpx.Client) -> None:
    """While the database connects at startup, readiness is 503 "starting" and liveness 200"""
    r = control.post("/restart", json={"hold_connect": True})
    r.raise_for_status()
    assert r.json()["connect_called"], (
        "the lifespan never called database.connect() (create the database with "
        "create_database() in the lifespan and connect it)"
    )
    try:
        assert_status(ready(client), 503, "starting", "during startup")
        assert live(client).status_code == 200, "liveness should be 200 during startup"
    finally:
        control.post("/release-connect").raise_for_status()
    body = assert_status(ready(client), 200, "ready", "after the database connected")
    assert_checks(body, {"database": "ok", "cache": "ok"})


@pytest.mark.weight(2)
def test_startup_does_not_wait_for_the_database(control: httpx.Client) -> None:
    """The lifespan's startup finishes without waiting for the database to connect"""
    r = control.post("/restart", json={"hold_connect": True})
    r.raise_for_status()
    try:
        got = r.json()
        assert got["connect_called"], "the lifespan never called database.connect()"
        assert got["started"], (
            "startup waited for database.connect(): connect in a background task, so that "
            "the server starts (and answers liveness) while the database warms up"
        )
    finally:
        control.post("/release-connect").raise_for_status()


@pytest.mark.weight(3)
def test_stopping_during_shutdown(client: httpx.Client, control: httpx.Client) -> None:
    """Once shutdown begins, readiness is 503 "stopping" while resources close; liveness 200"""
    assert_status(ready(client), 200, "ready", "before shutdown")
    r = control.post("/stop", json={"hold_close": True})
    r.raise_for_status()
    assert r.json()["close_called"], "shutdown never closed the database or the cache"
    try:
        assert_status(ready(client), 503, "stopping", "while shutting down")
        assert live(client).status_code == 200, "liveness should be 200 during shutdown"
    finally:
        control.post("/release-close").raise_for_status()


@pytest.mark.weight(1)
def test_shutdown_closes_everything(control: httpx.Client) -> None:
    """Shutdown closes the database and the cache"""
    before = calls(control)["closes"]
    control.post("/stop", json={"hold_close": False}).raise_for_status()
    control.post("/release-close").raise_for_status()
    after = calls(control)["closes"]
    for name in ("database", "cache"):
        assert after[name] == before[name] + 1, (
            f"expected {name}.close() once at shutdown, got {after[name] - before[name]} calls"
        )
