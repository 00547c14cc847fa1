"""Hidden tests: one error envelope everywhere (black box, over HTTP).

`get_notifier` is replaced (overrides.py) by a notifier that sends to the grader's outbox
(service.py), which records each reminder and, when a test calls `service.fail_next(kind)`, makes
the next send raise that exception with a text holding this run's fake secret. Each test creates
tasks with unique titles.

Requests that end in a 500 are sent with `Connection: close`: Starlette re-raises the exception
after the 500 handler has answered (so that the server logs it), and uvicorn then closes the
connection, so a kept-alive connection could be reset under the next request.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

ADMIN_TOKEN = "admin-token-0d5e"
LEAKS = ("hunter2", "mail.internal", "SMTP login", "smtp://", "RuntimeError", "ConnectionError",
         "Traceback")


def _json(r: httpx.Response) -> Any:
    try:
        return r.json()
    except ValueError:
        pytest.fail(f"expected a JSON body, got {r.status_code} {r.text[:200]!r}", pytrace=False)


def new_task(client: httpx.Client) -> dict[str, Any]:
    title = f"task {uuid.uuid4().hex[:10]}"
    r = client.post("/tasks", json={"title": title})
    assert r.status_code == 201, f"POST /tasks: expected 201, got {r.status_code}: {r.text[:200]}"
    return _json(r)


def remind_failing(client: httpx.Client, service: Any, task_id: int,
                   kind: str = "RuntimeError") -> httpx.Response:
    """Trigger the notifier's unexpected error, on a connection that is not reused."""
    service.fail_next(kind)
    r = client.post(f"/tasks/{task_id}/remind", headers={"Connection": "close"})
    failed = [entry["task_id"] for entry in service.failed]
    assert failed == [task_id], (
        f"POST /tasks/{task_id}/remind should send the reminder through the notifier of "
        f"get_notifier (the grader's outbox saw failing sends for {failed}); got "
        f"{r.status_code}: {r.text[:200]}")
    return r


def envelope(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Check the status and the envelope; return the inner `error` object."""
    assert r.status_code == status, f"expected {status}, got {r.status_code}: {r.text[:300]}"
    ctype = r.headers.get("content-type", "")
    assert ctype.startswith("application/json"), f"expected a JSON error, got {ctype!r}"
    body = _json(r)
    assert isinstance(body, dict) and set(body) == {"error"}, (
        f'expected {{"error": {{...}}}} and nothing else, got {r.text[:300]}'
    )
    error = body["error"]
    keys = set(error) if isinstance(error, dict) else None
    assert keys == {"status", "code", "message", "details"}, (
        f"expected error keys status, code, message, details; got {r.text[:300]}"
    )
    assert error["status"] == status, f"error.status: expected {status}, got {error['status']!r}"
    assert error["code"] == code, f"error.code: expected {code!r}, got {error['code']!r}"
    assert isinstance(error["message"], str) and error["message"], (
        f"error.message should be a non-empty string, got {error['message']!r}"
    )
    return error


# --- domain errors ---------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_domain_not_found(client: httpx.Client) -> None:
    """A domain error for a missing task becomes a 404 envelope with its own code"""
    error = envelope(client.get("/tasks/987654321"), 404, "task_not_found")
    assert error["details"] is None, f"details: expected null, got {error['details']!r}"


@pytest.mark.weight(2)
def test_domain_conflict_keeps_details(client: httpx.Client) -> None:
    """A domain conflict becomes a 409 envelope carrying the error's details"""
    task = new_task(client)
    r = client.post("/tasks", json={"title": task["title"]})
    error = envelope(r, 409, "duplicate_title")
    assert error["details"] == {"existing_id": task["id"]}, (
        f"details: expected {{'existing_id': {task['id']}}}, got {error['details']!r}"
    )
    assert client.post(f"/tasks/{task['id']}/complete").status_code == 200
    envelope(client.post(f"/tasks/{task['id']}/complete"), 409, "task_already_done")


@pytest.mark.weight(1)
def test_success_responses_unchanged(client: httpx.Client, service: Any) -> None:
    """Successful responses are not wrapped"""
    task = new_task(client)
    r = client.get(f"/tasks/{task['id']}")
    assert r.status_code == 200 and _json(r) == task, f"GET /tasks/{{id}}: got {r.text[:200]}"
    r = client.post(f"/tasks/{task['id']}/remind")
    assert r.status_code == 202 and _json(r) == {"queued": True}, f"remind: got {r.text[:200]}"
    assert service.sent_ids() == [task["id"]], (
        f"the reminder should reach the notifier once, got sends for {service.sent_ids()}")
    r = client.delete(f"/tasks/{task['id']}", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert r.status_code == 204, f"DELETE: expected 204, got {r.status_code}: {r.text[:200]}"


# --- HTTP errors -----------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_unknown_route_404(client: httpx.Client) -> None:
    """A URL that matches no route gets the envelope too (router-level 404)"""
    error = envelope(client.get(f"/no-such-route-{uuid.uuid4().hex[:6]}"), 404, "not_found")
    assert error["details"] is None, f"details: expected null, got {error['details']!r}"


@pytest.mark.weight(2)
def test_method_not_allowed_keeps_allow(client: httpx.Client) -> None:
    """A wrong method gets a 405 envelope and keeps its Allow header"""
    r = client.put("/tasks")
    envelope(r, 405, "method_not_allowed")
    allow = r.headers.get("Allow", "")
    assert "POST" in allow, f"expected the Allow header of the 405 (with POST), got {allow!r}"


@pytest.mark.weight(3)
def test_unauthorized_keeps_www_authenticate(client: httpx.Client) -> None:
    """A missing bearer token gets a 401 envelope and keeps WWW-Authenticate"""
    task = new_task(client)
    r = client.delete(f"/tasks/{task['id']}")
    error = envelope(r, 401, "unauthorized")
    assert error["message"] == "Not authenticated", (
        f"the string detail should be the message: expected 'Not authenticated', "
        f"got {error['message']!r}"
    )
    www = r.headers.get("WWW-Authenticate", "")
    assert www.lower().startswith("bearer"), (
        f"expected the WWW-Authenticate: Bearer header of the 401, got {www!r}"
    )


@pytest.mark.weight(2)
def test_dict_detail_goes_to_details(client: httpx.Client) -> None:
    """An HTTPException with a dict detail keeps it as JSON in details"""
    task = new_task(client)
    r = client.delete(f"/tasks/{task['id']}", headers={"Authorization": "Bearer not-the-token"})
    error = envelope(r, 403, "forbidden")
    assert error["details"] == {"required_role": "admin"}, (
        f"details: expected {{'required_role': 'admin'}} (as JSON, not a string), "
        f"got {error['details']!r}"
    )
    assert client.get(f"/tasks/{task['id']}").status_code == 200, "the task was deleted anyway"


# --- validation ------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_validation_error_envelope(client: httpx.Client) -> None:
    """Validation errors get a 422 envelope listing loc and type of each error"""
    error = envelope(client.post("/tasks", json={"title": ""}), 422, "validation_error")
    details = error["details"]
    assert isinstance(details, list) and details, f"details: expected a list, got {details!r}"
    pairs = [(tuple(d.get("loc", ())), d.get("type")) for d in details if isinstance(d, dict)]
    assert (("body", "title"), "string_too_short") in pairs, (
        f"expected loc ['body', 'title'] with type 'string_too_short', got {pairs}"
    )
    error = envelope(client.post("/tasks", json={"title": "x" * 101}), 422, "validation_error")
    pairs = [(tuple(d.get("loc", ())), d.get("type")) for d in error["details"]]
    assert (("body", "title"), "string_too_long") in pairs, (
        f"expected loc ['body', 'title'] with type 'string_too_long', got {pairs}"
    )
    error = envelope(client.get("/tasks/seven"), 422, "validation_error")
    pairs = [(tuple(d.get("loc", ())), d.get("type")) for d in error["details"]]
    assert (("path", "task_id"), "int_parsing") in pairs, (
        f"expected loc ['path', 'task_id'] with type 'int_parsing', got {pairs}"
    )


# --- unexpected errors -----------------------------------------------------------------------


@pytest.mark.weight(3)
def test_unexpected_error_is_a_safe_500(client: httpx.Client, service: Any) -> None:
    """An unexpected exception becomes a generic 500 envelope that leaks nothing"""
    for kind in ("RuntimeError", "ConnectionError"):
        task = new_task(client)
        r = remind_failing(client, service, task["id"], kind)
        error = envelope(r, 500, "internal_error")
        assert error["details"] is None, f"details: expected null, got {error['details']!r}"
        text = r.text.lower() + " ".join(f"{k}: {v}" for k, v in r.headers.items()).lower()
        leaked = [part for part in (*LEAKS, service.secret) if part.lower() in text]
        assert not leaked, f"the 500 ({kind}) leaks internals ({leaked}): {r.text[:300]}"
        service.reset()


@pytest.mark.weight(1)
def test_app_keeps_serving_after_a_500(client: httpx.Client, service: Any) -> None:
    """After an unexpected error the app keeps answering normally"""
    task = new_task(client)
    r = remind_failing(client, service, task["id"])
    assert r.status_code == 500, f"expected 500, got {r.status_code}: {r.text[:200]}"
    other = new_task(client)
    r = client.post(f"/tasks/{other['id']}/remind")
    assert r.status_code == 202, f"expected 202, got {r.status_code}: {r.text[:200]}"
    assert service.sent_ids() == [other["id"]], (
        f"the second reminder should reach the notifier, got sends for {service.sent_ids()}")
