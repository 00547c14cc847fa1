"""Hidden tests: role-based access control with a role-checker factory (black box, over HTTP).

The app's state (documents, audit log) lives for the whole session, so every test creates the
documents it needs, with a unique title, and never assumes what other tests did.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

ALICE = "tok_alice_5b2e"  # admin
ERIN = "tok_erin_7c41"  # editor
RITA = "tok_rita_0d9a"  # reader
AARON = "tok_aaron_e3f8"  # auditor + reader
NORA = "tok_nora_91b6"  # no roles

PROTECTED = [
    ("GET", "/me", None),
    ("GET", "/documents", None),
    ("POST", "/documents", {"title": "t", "body": "b"}),
    ("DELETE", "/documents/1", None),
    ("GET", "/audit", None),
]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def call(
    client: httpx.Client, method: str, path: str, body: Any, headers: dict[str, str]
) -> httpx.Response:
    return client.request(method, path, json=body, headers=headers)


def create(client: httpx.Client, token: str = ERIN) -> dict[str, Any]:
    title = f"doc-{uuid.uuid4().hex[:10]}"
    body = f"text of {title}"
    r = client.post("/documents", json={"title": title, "body": body}, headers=bearer(token))
    assert r.status_code == 201, f"POST /documents: expected 201, got {r.status_code}: {r.text}"
    doc = json_body(r)
    assert doc.get("title") == title and doc.get("body") == body, (
        f"expected the created document back, got {doc}"
    )
    return doc


def assert_401(r: httpx.Response, what: str) -> None:
    assert r.status_code == 401, f"{what}: expected 401, got {r.status_code}: {r.text[:200]}"
    challenge = r.headers.get("WWW-Authenticate", "")
    assert challenge.lower().startswith("bearer"), (
        f"{what}: expected a WWW-Authenticate header starting with Bearer, got {challenge!r}"
    )


def assert_403(r: httpx.Response, what: str) -> None:
    assert r.status_code == 403, f"{what}: expected 403, got {r.status_code}: {r.text[:200]}"
    detail = json_body(r).get("detail")
    assert isinstance(detail, str), f"{what}: expected {{'detail': '<message>'}}, got {r.text}"


@pytest.mark.weight(3)
def test_missing_credentials_401(client: httpx.Client) -> None:
    """Every protected route answers 401 with WWW-Authenticate when no token is sent"""
    for method, path, body in PROTECTED:
        assert_401(call(client, method, path, body, {}), f"{method} {path} without a token")
    r = client.get("/health")
    assert r.status_code == 200, f"GET /health must stay public: expected 200, got {r.status_code}"


@pytest.mark.weight(2)
def test_bad_credentials_401(client: httpx.Client) -> None:
    """An unknown token or a non-Bearer Authorization header is a 401"""
    cases = {
        "unknown token": {"Authorization": "Bearer tok_nobody_0000"},
        "Basic scheme": {"Authorization": f"Basic {ALICE}"},
        "token without scheme": {"Authorization": ALICE},
    }
    for what, headers in cases.items():
        for method, path, body in (PROTECTED[0], PROTECTED[1], PROTECTED[4]):
            assert_401(call(client, method, path, body, headers), f"{method} {path}, {what}")


@pytest.mark.weight(2)
def test_me_for_any_authenticated_user(client: httpx.Client) -> None:
    """GET /me answers every authenticated user, even one without roles"""
    expected = {
        RITA: {"username": "rita", "roles": ["reader"]},
        AARON: {"username": "aaron", "roles": ["auditor", "reader"]},
        NORA: {"username": "nora", "roles": []},
    }
    for token, body in expected.items():
        r = client.get("/me", headers=bearer(token))
        who = body["username"]
        assert r.status_code == 200, f"GET /me as {who}: expected 200, got {r.status_code}"
        assert json_body(r) == body, f"GET /me: expected {body}, got {r.text[:200]}"


@pytest.mark.weight(2)
def test_list_documents_roles(client: httpx.Client) -> None:
    """Readers, editors and admins may list documents; a user without roles gets 403"""
    for token, who in ((RITA, "reader"), (ERIN, "editor"), (ALICE, "admin")):
        r = client.get("/documents", headers=bearer(token))
        assert r.status_code == 200, f"GET /documents as {who}: expected 200, got {r.status_code}"
        ids = [d.get("id") for d in json_body(r)]
        assert 1 in ids and ids == sorted(ids), f"expected documents sorted by id, got ids {ids}"
    assert_403(client.get("/documents", headers=bearer(NORA)), "GET /documents without roles")


@pytest.mark.weight(3)
def test_create_document_roles(client: httpx.Client) -> None:
    """Editors and admins create documents (201); readers get 403 and nothing is created"""
    for token in (ERIN, ALICE):
        doc = create(client, token)
        author = "erin" if token == ERIN else "alice"
        assert doc.get("author") == author, f"expected author {author!r}, got {doc}"
        assert isinstance(doc.get("id"), int), f"expected an integer id, got {doc}"
    title = f"denied-{uuid.uuid4().hex[:10]}"
    for token, who in ((RITA, "reader"), (AARON, "auditor+reader"), (NORA, "no roles")):
        r = client.post("/documents", json={"title": title, "body": "x"}, headers=bearer(token))
        assert_403(r, f"POST /documents as {who}")
    titles = [d.get("title") for d in json_body(client.get("/documents", headers=bearer(ALICE)))]
    assert title not in titles, "a forbidden POST /documents still created the document"


@pytest.mark.weight(2)
def test_authorisation_before_body_validation(client: httpx.Client) -> None:
    """A reader posting an invalid body gets 403, not 422: roles are checked first"""
    r = client.post("/documents", json={"title": ""}, headers=bearer(RITA))
    assert_403(r, "POST /documents as reader with an invalid body")
    r = client.post("/documents", json={"title": ""})
    assert_401(r, "POST /documents without a token and with an invalid body")


@pytest.mark.weight(1)
def test_create_validation_422(client: httpx.Client) -> None:
    """An editor's invalid document is a 422"""
    for body in (
        {"title": "", "body": "x"},
        {"body": "x"},
        {"title": "x" * 201, "body": "x"},
        {"title": "x", "body": "y" * 10_001},
    ):
        r = client.post("/documents", json=body, headers=bearer(ERIN))
        assert r.status_code == 422, f"POST {body}: expected 422, got {r.status_code}"


@pytest.mark.weight(2)
def test_admin_deletes(client: httpx.Client) -> None:
    """An admin deletes a document: 204 with no body, then 404"""
    doc = create(client)
    r = client.delete(f"/documents/{doc['id']}", headers=bearer(ALICE))
    assert r.status_code == 204, f"DELETE as admin: expected 204, got {r.status_code}: {r.text}"
    assert r.content == b"", f"expected an empty 204 body, got {r.content[:100]!r}"
    ids = [d.get("id") for d in json_body(client.get("/documents", headers=bearer(ALICE)))]
    assert doc["id"] not in ids, "the deleted document is still listed"
    r = client.delete(f"/documents/{doc['id']}", headers=bearer(ALICE))
    assert r.status_code == 404, f"second DELETE: expected 404, got {r.status_code}"
    assert json_body(r) == {"detail": "Document not found"}, f"404 body: got {r.text[:200]}"
    after = create(client)
    assert after["id"] != doc["id"], (
        f"a document created after a deletion got the deleted id {doc['id']} again "
        "(ids are never reused)"
    )


@pytest.mark.weight(2)
def test_only_admin_deletes(client: httpx.Client) -> None:
    """Non-admins get 403 on DELETE, even for a document that does not exist"""
    doc = create(client)
    for token, who in ((ERIN, "editor"), (RITA, "reader"), (AARON, "auditor+reader")):
        assert_403(
            client.delete(f"/documents/{doc['id']}", headers=bearer(token)), f"DELETE as {who}"
        )
    assert_403(
        client.delete("/documents/987654", headers=bearer(ERIN)),
        "DELETE of an unknown document as editor (403 must not reveal whether it exists)",
    )
    ids = [d.get("id") for d in json_body(client.get("/documents", headers=bearer(ALICE)))]
    assert doc["id"] in ids, "a forbidden DELETE still removed the document"


@pytest.mark.weight(2)
def test_any_of_several_roles(client: httpx.Client) -> None:
    """A user with several roles passes every check that accepts any one of them"""
    r = client.get("/audit", headers=bearer(AARON))
    assert r.status_code == 200, f"GET /audit as auditor+reader: expected 200, got {r.status_code}"
    r = client.get("/documents", headers=bearer(AARON))
    assert r.status_code == 200, (
        f"GET /documents as auditor+reader: expected 200, got {r.status_code}"
    )


@pytest.mark.weight(2)
def test_audit_log(client: httpx.Client) -> None:
    """The audit log records creations and deletions; only auditors and admins may read it"""
    doc = create(client)
    r = client.delete(f"/documents/{doc['id']}", headers=bearer(ALICE))
    assert r.status_code == 204, f"DELETE as admin: expected 204, got {r.status_code}"
    again = client.delete(f"/documents/{doc['id']}", headers=bearer(ALICE))
    assert again.status_code == 404, f"second DELETE: expected 404, got {again.status_code}"
    unknown = 987_655
    missing = client.delete(f"/documents/{unknown}", headers=bearer(ALICE))
    assert missing.status_code == 404, f"DELETE of an unknown id: expected 404, got {missing.status_code}"
    r = client.get("/audit", headers=bearer(ALICE))
    assert r.status_code == 200, f"GET /audit as admin: expected 200, got {r.status_code}"
    events = json_body(r)
    logged = [e for e in events if e.get("doc_id") == unknown]
    assert logged == [], f"a failed (404) DELETE must not be audited, got {logged}"
    expected = [
        {"action": "create", "doc_id": doc["id"], "username": "erin"},
        {"action": "delete", "doc_id": doc["id"], "username": "alice"},
    ]
    mine = [e for e in events if e.get("doc_id") == doc["id"]]
    assert mine == expected, f"expected the events {expected}, got {mine}"
    for token, who in ((RITA, "reader"), (ERIN, "editor"), (NORA, "no roles")):
        assert_403(client.get("/audit", headers=bearer(token)), f"GET /audit as {who}")
