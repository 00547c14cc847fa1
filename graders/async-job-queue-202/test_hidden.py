"""Hidden tests: 202 Accepted, then poll the job (black box, over HTTP).

`get_runner` is replaced by a client of the grader's fake report engine (service.py, in this
process, reset before each test by the `service` fixture), where every run is recorded out of
the app's reach. A run for a *held* title blocks in the service until the test finishes it
(done, fail or crash), so every state of a job can be observed deterministically: queued
(behind a held job), running (held), done and failed. No test sleeps: after a run ends, the
tests poll the job until the app has recorded how it ended. Every test uses its own titles.
"""

import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body, wait_until

ANSWER_TIMEOUT_S = 1.5  # a correct POST answers at once


def new_title() -> str:
    return f"report-{uuid.uuid4().hex[:12]}"


def body_for(title: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": "sales", "month": "2026-10", "title": title}
    body.update(changes)
    return body


def expected_result(body: dict[str, Any]) -> dict[str, Any]:
    return {"title": body["title"], "kind": body["kind"], "month": body["month"], "rows": 42}


def hold(service: Any, title: str) -> None:
    service.hold(title)


def wait_running(service: Any, title: str, what: str = "the job") -> None:
    assert wait_until(lambda: bool(service.runs_for(title)), 2.0), (
        f"{what} never started running (is the runner obtained through get_runner and called by "
        "a worker that is still alive?)"
    )


def finish(service: Any, title: str, outcome: str = "done") -> None:
    service.finish(title, outcome)


def runs(service: Any, title: str) -> list[dict[str, Any]]:
    return service.runs_for(title)


def submit(client: httpx.Client, body: dict[str, Any]) -> tuple[httpx.Response, str]:
    """POST /reports; return the response and the job's status URL."""
    try:
        r = client.post("/reports", json=body, timeout=ANSWER_TIMEOUT_S)
    except httpx.TimeoutException:
        pytest.fail(
            "POST /reports did not answer while the job was still running: accept the job, "
            "answer 202 at once, and build the report in the background",
            pytrace=False,
        )
    assert r.status_code == 202, f"expected 202, got {r.status_code}: {r.text[:300]}"
    location = r.headers.get("Location")
    assert location, "202 without a Location header"
    return r, location


def poll(client: httpx.Client, location: str) -> dict[str, Any]:
    r = client.get(location)
    assert r.status_code == 200, (
        f"GET {location}: expected 200, got {r.status_code}: {r.text[:200]}"
    )
    return json_body(r)


def poll_finished(client: httpx.Client, location: str, timeout_s: float = 3.0) -> dict[str, Any]:
    """Polls until the job is no longer queued or running (its run has ended in the grader;
    the app's worker records the outcome a moment later), or `timeout_s` passes."""
    job: dict[str, Any] = {}

    def finished() -> bool:
        nonlocal job
        job = poll(client, location)
        return job.get("status") not in ("queued", "running")

    wait_until(finished, timeout_s, interval_s=0.02)
    return job


def assert_state(job: dict[str, Any], status: str, what: str) -> None:
    assert job.get("status") == status, f"{what}: expected status {status!r}, got {job}"


# --- accepting -------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_accepts_with_202(client: httpx.Client, service: Any) -> None:
    """POST answers 202 at once with the queued job and a Location to its status"""
    title = new_title()
    hold(service, title)
    try:
        r, location = submit(client, body_for(title))
        job = json_body(r)
        assert isinstance(job.get("id"), str) and job["id"], f"no job id in {job}"
        assert job == {"id": job["id"], "status": "queued", "result": None, "error": None}, (
            f"expected the queued job {{id, status: 'queued', result: null, error: null}}, "
            f"got {job}"
        )
        assert location.endswith(f"/jobs/{job['id']}"), (
            f"Location should point to /jobs/{job['id']}, got {location!r}"
        )
    finally:
        finish(service, title)


@pytest.mark.weight(3)
def test_running_then_done(client: httpx.Client, service: Any) -> None:
    """A job is "running" while it runs, then "done" with the runner's result"""
    body = body_for(new_title())
    hold(service, body["title"])
    try:
        _, location = submit(client, body)
        wait_running(service, body["title"])
        assert_state(poll(client, location), "running", "while the runner works")
    finally:
        finish(service, body["title"])
    job = poll_finished(client, location)
    assert_state(job, "done", "after the runner returned")
    assert job.get("result") == expected_result(body), (
        f"expected result {expected_result(body)}, got {job.get('result')!r}"
    )
    assert job.get("error") is None, f"a done job should have error null, got {job.get('error')!r}"


@pytest.mark.weight(2)
def test_one_job_at_a_time(client: httpx.Client, service: Any) -> None:
    """Jobs run one at a time in order: a second job stays "queued" behind a running one"""
    first, second, third = (body_for(new_title()) for _ in range(3))
    for body in (first, second, third):
        hold(service, body["title"])
    try:
        _, first_url = submit(client, first)
        wait_running(service, first["title"], "the first job")
        _, second_url = submit(client, second)
        _, third_url = submit(client, third)
        assert_state(poll(client, second_url), "queued", "second job while the first runs")
        assert runs(service, second["title"]) == [], "the second job started while the first ran"
        finish(service, first["title"])
        wait_running(service, second["title"], "the second job, after the first finished")
        assert_state(poll(client, second_url), "running", "second job after the first finished")
        assert_state(poll(client, third_url), "queued", "third job while the second runs")
    finally:
        for body in (first, second, third):
            finish(service, body["title"])
    for url in (first_url, second_url, third_url):
        assert_state(poll_finished(client, url), "done", "every job, once released")


@pytest.mark.weight(2)
def test_report_error_fails_the_job(client: httpx.Client, service: Any) -> None:
    """A ReportError makes the job "failed" with the error's message"""
    body = body_for(new_title(), month="2026-02")
    hold(service, body["title"])
    try:
        _, location = submit(client, body)
        wait_running(service, body["title"])
    finally:
        finish(service, body["title"], "fail")
    job = poll_finished(client, location)
    assert_state(job, "failed", "after a ReportError")
    assert job.get("error") == "no data for 2026-02", (
        "expected error 'no data for 2026-02' (the ReportError's message), "
        f"got {job.get('error')!r}"
    )
    assert job.get("result") is None, (
        f"a failed job should have result null, got {job.get('result')!r}"
    )


@pytest.mark.weight(3)
def test_worker_survives_a_crash(client: httpx.Client, service: Any) -> None:
    """An unexpected exception fails that job only ("Internal error"); the next job still runs"""
    crashing, after = body_for(new_title()), body_for(new_title())
    hold(service, crashing["title"])
    try:
        _, crash_url = submit(client, crashing)
        wait_running(service, crashing["title"])
    finally:
        finish(service, crashing["title"], "crash")
    job = poll_finished(client, crash_url)
    assert_state(job, "failed", "after the runner crashed")
    assert job.get("error") == "Internal error", (
        f"expected error 'Internal error' (no internal details), got {job.get('error')!r}"
    )
    hold(service, after["title"])
    try:
        _, after_url = submit(client, after)
        wait_running(service, after["title"], "the job submitted after the crash")
    finally:
        finish(service, after["title"])
    assert_state(poll_finished(client, after_url), "done", "the job submitted after the crash")


@pytest.mark.weight(2)
def test_polling_is_idempotent(client: httpx.Client, service: Any) -> None:
    """Polling a finished job returns the same result every time and never runs it again"""
    body = body_for(new_title(), kind="inventory")
    hold(service, body["title"])
    try:
        _, location = submit(client, body)
        wait_running(service, body["title"])
    finally:
        finish(service, body["title"])
    answers = [poll_finished(client, location)] + [poll(client, location) for _ in range(2)]
    assert answers[0].get("status") == "done", f"expected done, got {answers[0]}"
    assert answers[1] == answers[0] and answers[2] == answers[0], f"polls differ: {answers}"
    count = len(runs(service, body["title"]))
    assert count == 1, f"expected the runner to be called once for the job, got {count}"


@pytest.mark.weight(1)
def test_unknown_job_404(client: httpx.Client, service: Any) -> None:
    """Polling an unknown job is a 404"""
    r = client.get(f"/jobs/{uuid.uuid4().hex}")
    assert r.status_code == 404, f"expected 404, got {r.status_code}: {r.text[:200]}"
    assert isinstance(json_body(r).get("detail"), str), (
        f"expected {{'detail': '...'}}, got {r.text[:200]}"
    )


@pytest.mark.weight(1)
def test_invalid_request_422(client: httpx.Client, service: Any) -> None:
    """An invalid report request is a 422"""
    title = new_title()
    bad_bodies = (
        body_for(title, month="2026-13"),
        body_for(title, kind="payroll"),
        body_for(""),
        body_for("x" * 101),
    )
    for bad in bad_bodies:
        r = client.post("/reports", json=bad)
        assert r.status_code == 422, (
            f"{str(bad)[:120]}: expected 422, got {r.status_code}: {r.text[:200]}"
        )
