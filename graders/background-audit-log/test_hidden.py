"""Hidden tests: audit entries written with BackgroundTasks (black box, over HTTP).

overrides.py replaces `get_audit_log` with a client of the grader's fake audit service
(service.py, in this process, reset before each test by the `service` fixture), and `get_now`
with a clock that asks the service. The tests read the entries, hold writes and break the
service there, out of the app's reach. An entry appears only after its response, so tests wait
for it (crucible_checks.wait_until) instead of sleeping.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from crucible_checks import expect_status, json_body, wait_until

T1 = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
T2 = datetime(2032, 12, 31, 23, 59, 58, tzinfo=UTC)
QUICK_S = 3.0  # how long a response may take while its audit write is held
WAIT_S = 2.0  # how long an audit entry may take to arrive (only waited in full on failure)


def _create(client: httpx.Client, user: str | None = None) -> dict[str, Any]:
    headers = {} if user is None else {"X-User": user}
    body = {"title": f"doc-{uuid.uuid4().hex[:8]}", "body": "text"}
    r = client.post("/documents", json=body, headers=headers)
    expect_status(r, 201, "POST /documents")
    doc = json_body(r)
    assert isinstance(doc, dict) and isinstance(doc.get("id"), int), f"got {r.text[:200]}"
    return doc


def _set_now(service: Any, at: datetime) -> None:
    service.now = at


def _wait_entry(service: Any, document_id: int) -> list[dict[str, Any]]:
    reached = wait_until(lambda: service.has_document(document_id), WAIT_S)
    assert reached, (
        f"no audit entry for document {document_id} reached the audit service within {WAIT_S:g}s "
        f"(entries: {service.entries}); is it written with BackgroundTasks through the "
        "get_audit_log dependency?"
    )
    return list(service.entries)


def _parse_at(entry: dict[str, Any]) -> datetime | None:
    try:
        at = datetime.fromisoformat(str(entry.get("at")))
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


def _assert_entry(
    entry: dict[str, Any], action: str, document_id: int, actor: str, at: datetime
) -> None:
    expected = {"action": action, "document_id": document_id, "actor": actor}
    got = {key: entry.get(key) for key in expected}
    assert got == expected, f"expected an entry with {expected}, got {entry}"
    parsed = _parse_at(entry)
    assert parsed == at, (
        f"expected 'at' to be the request time from get_now ({at.isoformat()}), "
        f"got {entry.get('at')!r}"
    )


@pytest.mark.weight(1)
def test_routes_unchanged(client: httpx.Client, service: Any) -> None:
    """The documents routes keep their status codes and bodies"""
    doc = _create(client)
    assert doc == {"id": doc["id"], "title": doc["title"], "body": "text"}, (
        f"expected the new document with id, title and body, got {doc}"
    )
    r = client.get(f"/documents/{doc['id']}")
    expect_status(r, 200, "GET the new document")
    assert json_body(r) == doc, f"expected {doc}, got {r.text[:200]}"
    r = client.delete(f"/documents/{doc['id']}")
    expect_status(r, 204, "DELETE the new document")
    assert r.content == b"", f"expected no body on the 204, got {r.text[:100]!r}"
    expect_status(client.get(f"/documents/{doc['id']}"), 404, "GET a deleted document")
    expect_status(client.delete(f"/documents/{doc['id']}"), 404, "DELETE a deleted document")
    expect_status(client.post("/documents", json={"title": ""}), 422, "POST with an empty title")
    expect_status(
        client.post("/documents", json={"title": "x" * 201}),
        422, "POST with a long title",
    )


@pytest.mark.weight(3)
def test_create_is_audited(client: httpx.Client, service: Any) -> None:
    """Creating a document writes one document.created entry with actor and request time"""
    _set_now(service, T1)
    doc = _create(client, user="alice")
    entries = _wait_entry(service, doc["id"])
    assert len(entries) == 1, f"expected exactly one entry, got {entries}"
    _assert_entry(entries[0], "document.created", doc["id"], "alice", T1)


@pytest.mark.weight(2)
def test_delete_is_audited(client: httpx.Client, service: Any) -> None:
    """Deleting a document writes one document.deleted entry"""
    doc = _create(client, user="setup")
    _wait_entry(service, doc["id"])
    service.reset()
    _set_now(service, T2)
    expect_status(
        client.delete(f"/documents/{doc['id']}", headers={"X-User": "bob"}),
        204, "DELETE",
    )
    entries = _wait_entry(service, doc["id"])
    assert len(entries) == 1, f"expected exactly one entry for the delete, got {entries}"
    _assert_entry(entries[0], "document.deleted", doc["id"], "bob", T2)


@pytest.mark.weight(1)
def test_anonymous_actor(client: httpx.Client, service: Any) -> None:
    """Without an X-User header the actor is anonymous"""
    doc = _create(client)
    entries = _wait_entry(service, doc["id"])
    assert [e.get("actor") for e in entries] == ["anonymous"], (
        f"expected one entry by 'anonymous', got {entries}"
    )


@pytest.mark.weight(2)
def test_time_comes_from_get_now(client: httpx.Client, service: Any) -> None:
    """Each entry carries its own request's time from get_now"""
    docs = []
    for at in (T1, T2):
        _set_now(service, at)
        docs.append((_create(client, user="carol"), at))
    for doc, at in docs:
        entries = _wait_entry(service, doc["id"])
        mine = [e for e in entries if e.get("document_id") == doc["id"]]
        assert len(mine) == 1, f"expected one entry for document {doc['id']}, got {entries}"
        _assert_entry(mine[0], "document.created", doc["id"], "carol", at)


@pytest.mark.weight(3)
def test_response_does_not_wait_for_the_audit(
    client: httpx.Client, service: Any, base_url: str
) -> None:
    """The response arrives while its audit write is still in progress"""
    service.gate.hold()
    try:
        body = {"title": f"doc-{uuid.uuid4().hex[:8]}"}
        with httpx.Client(base_url=base_url, timeout=QUICK_S, trust_env=False) as quick:
            try:
                r = quick.post("/documents", json=body, headers={"X-User": "dave"})
            except httpx.TimeoutException:
                pytest.fail(
                    f"POST /documents did not answer within {QUICK_S:g}s while the audit write "
                    "was held: the route waits for the audit service instead of leaving it to "
                    "a background task",
                    pytrace=False,
                )
        expect_status(r, 201, "POST /documents while the audit service is slow")
        doc = json_body(r)
        assert service.gate.wait_for_waiters(1, WAIT_S), (
            f"the audit write never started (entries {service.entries}); is it queued with "
            "BackgroundTasks through get_audit_log?"
        )
    finally:
        service.gate.release()
    entries = _wait_entry(service, doc["id"])
    assert [e.get("action") for e in entries] == ["document.created"], f"got {entries}"


@pytest.mark.weight(2)
def test_written_after_the_response_is_sent(client: httpx.Client, service: Any) -> None:
    """Each audit write begins only after its response has been sent in full"""
    doc = _create(client, user="grace")
    _wait_entry(service, doc["id"])
    expect_status(
        client.delete(f"/documents/{doc['id']}", headers={"X-User": "grace"}),
        204, "DELETE",
    )
    reached = wait_until(lambda: len(service.entries) >= 2, WAIT_S)
    assert reached, f"expected an entry for the create and one for the delete, got {service.entries}"
    early = service.early_writes()
    assert early == [], (
        "these audit writes began before their request's response had been sent: "
        f"{[w['entry'] for w in early]} (a write awaited in the route, or started in a task the "
        "route created, can begin while the response is still being prepared; BackgroundTasks "
        "runs it after the response)"
    )


@pytest.mark.weight(2)
def test_failed_and_read_requests_write_nothing(
    client: httpx.Client, service: Any
) -> None:
    """Reads, 404s and 422s write no audit entry"""
    doc = _create(client, user="erin")
    _wait_entry(service, doc["id"])
    service.reset()
    expect_status(client.get(f"/documents/{doc['id']}"), 200, "GET the document")
    expect_status(client.delete("/documents/999999"), 404, "DELETE an unknown document")
    expect_status(client.post("/documents", json={"title": ""}), 422, "POST an invalid document")
    expect_status(client.post("/documents", json={}), 422, "POST without a title")
    marker = _create(client, user="marker")
    entries = _wait_entry(service, marker["id"])
    assert [e.get("document_id") for e in entries] == [marker["id"]], (
        f"expected only the entry of the last, successful request, got {entries}"
    )


@pytest.mark.weight(1)
def test_audit_failure_does_not_change_the_response(service: Any, base_url: str) -> None:
    """A failing audit service does not change the client's response"""
    service.fail_next = True
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as fresh:
        r = fresh.post("/documents", json={"title": "audit down"}, headers={"X-User": "frank"})
    expect_status(r, 201, "POST /documents while the audit service fails")
    assert json_body(r).get("title") == "audit down", f"got {r.text[:200]}"
