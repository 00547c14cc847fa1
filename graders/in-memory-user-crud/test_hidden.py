"""Hidden tests: user CRUD with correct status codes (black box, over HTTP)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

UNKNOWN_ID = 987_654_321
NOT_FOUND = {"detail": "User not found"}
CONFLICT = {"detail": "Email already registered"}


def _email(tag: str = "user") -> str:
    return f"{tag}-{uuid.uuid4().hex[:10]}@example.com"


def _create(client: httpx.Client, name: str = "Ada Lovelace", email: str | None = None) -> dict[str, Any]:
    body = {"name": name, "email": email or _email()}
    r = client.post("/users", json=body)
    # Setup only: the status code itself is checked by test_create_201_with_location.
    assert r.status_code in (200, 201), (
        f"POST /users {body}: expected 201, got {r.status_code}: {r.text[:200]}"
    )
    user = json_body(r)
    assert isinstance(user, dict) and isinstance(user.get("id"), int), (
        f"POST /users: expected a User with an integer id, got {r.text[:200]}"
    )
    return user


def _get(client: httpx.Client, user_id: int) -> httpx.Response:
    return client.get(f"/users/{user_id}")


def _all_users(client: httpx.Client) -> list[dict[str, Any]]:
    r = client.get("/users")
    assert r.status_code == 200, f"GET /users: expected 200, got {r.status_code}"
    return json_body(r)


@pytest.mark.weight(3)
def test_create_201_with_location(client: httpx.Client) -> None:
    """Creating a user answers 201 with the user and a Location header"""
    email = _email("ada")
    r = client.post("/users", json={"name": "Ada Lovelace", "email": email})
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    user = json_body(r)
    assert isinstance(user, dict) and isinstance(user.get("id"), int), f"got {r.text[:200]}"
    assert user == {"id": user["id"], "name": "Ada Lovelace", "email": email}, f"got {user}"
    location = r.headers.get("location")
    assert location is not None, "expected a Location header, got none"
    assert httpx.URL(location).path == f"/users/{user['id']}", (
        f"expected Location /users/{user['id']}, got {location!r}"
    )
    got = _get(client, user["id"])
    assert got.status_code == 200 and json_body(got) == user, (
        f"GET the new user: expected 200 {user}, got {got.status_code} {got.text[:200]}"
    )


@pytest.mark.weight(1)
def test_email_lower_cased(client: httpx.Client) -> None:
    """Emails are stored in lower case"""
    email = _email("grace")
    user = _create(client, "Grace Hopper", email.upper())
    assert user["email"] == email, f"expected {email!r}, got {user['email']!r}"


@pytest.mark.weight(3)
def test_duplicate_email_409(client: httpx.Client) -> None:
    """A duplicate email, in any letter case, answers 409 and creates nothing"""
    email = _email("dup")
    first = _create(client, "First", email)
    before = len(_all_users(client))
    for candidate in (email, email.upper()):
        r = client.post("/users", json={"name": "Second", "email": candidate})
        assert r.status_code == 409, f"duplicate {candidate!r}: expected 409, got {r.status_code}"
        assert json_body(r) == CONFLICT, f"expected {CONFLICT}, got {r.text[:200]}"
    assert len(_all_users(client)) == before, "a rejected duplicate was stored anyway"
    assert json_body(_get(client, first["id"])) == first, (
        "the first user was changed by the duplicate"
    )


@pytest.mark.weight(1)
def test_invalid_body_422(client: httpx.Client) -> None:
    """Invalid users are rejected with 422"""
    for body in (
        {"email": _email()},
        {"name": "", "email": _email()},
        {"name": "x" * 51, "email": _email()},
        {"name": "No Email"},
        {"name": "Bad Email", "email": "not-an-email"},
        {"name": "Bad Email", "email": "a b@example.com"},
        {"name": "Long Email", "email": "a" * 243 + "@example.com"},
    ):
        r = client.post("/users", json=body)
        assert r.status_code == 422, f"POST /users {body}: expected 422, got {r.status_code}"


@pytest.mark.weight(1)
def test_list_in_id_order(client: httpx.Client) -> None:
    """GET /users lists every user in id order"""
    a = _create(client, "List A")
    b = _create(client, "List B")
    users = _all_users(client)
    ids = [u["id"] for u in users]
    assert ids == sorted(ids), f"expected ids in order, got {ids}"
    assert a in users and b in users, f"expected {a} and {b} in the list"


@pytest.mark.weight(2)
def test_patch_changes_only_sent_fields(client: httpx.Client) -> None:
    """PATCH changes only the fields sent"""
    user = _create(client, "Ada Lovelace")
    r = client.patch(f"/users/{user['id']}", json={"name": "Ada King"})
    expected = {**user, "name": "Ada King"}
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:200]}"
    new_email = _email("king")
    r = client.patch(f"/users/{user['id']}", json={"email": new_email.upper()})
    expected = {**expected, "email": new_email}
    assert r.status_code == 200 and json_body(r) == expected, (
        f"PATCH email: expected 200 {expected}, got {r.status_code} {r.text[:200]}"
    )
    r = client.patch(f"/users/{user['id']}", json={})
    assert r.status_code == 200 and json_body(r) == expected, (
        f"PATCH {{}}: expected 200 and no change, got {r.status_code} {r.text[:200]}"
    )
    assert json_body(_get(client, user["id"])) == expected, "GET after PATCH: changes not stored"


@pytest.mark.weight(2)
def test_patch_conflicts(client: httpx.Client) -> None:
    """PATCH to another user's email is 409; keeping one's own email is fine"""
    a = _create(client, "Owner A")
    b = _create(client, "Owner B")
    r = client.patch(f"/users/{b['id']}", json={"name": "Renamed B", "email": a["email"].upper()})
    assert r.status_code == 409, f"taking A's email: expected 409, got {r.status_code}"
    assert json_body(r) == CONFLICT, f"expected {CONFLICT}, got {r.text[:200]}"
    after = json_body(_get(client, b["id"]))
    assert after == b, (
        f"a PATCH rejected with 409 changed the user (nothing may change): expected {b}, got {after}"
    )
    r = client.patch(f"/users/{b['id']}", json={"email": b["email"], "name": "Owner B2"})
    assert r.status_code == 200, f"re-sending one's own email: expected 200, got {r.status_code}"
    assert json_body(r) == {**b, "name": "Owner B2"}, f"got {r.text[:200]}"


@pytest.mark.weight(2)
def test_patch_errors(client: httpx.Client) -> None:
    """PATCH answers 404 for an unknown user and 422 for invalid values"""
    r = client.patch(f"/users/{UNKNOWN_ID}", json={"name": "Nobody"})
    assert r.status_code == 404, f"unknown id: expected 404, got {r.status_code}"
    assert json_body(r) == NOT_FOUND, f"expected {NOT_FOUND}, got {r.text[:200]}"
    user = _create(client)
    for body in ({"name": ""}, {"email": "nope"}):
        r = client.patch(f"/users/{user['id']}", json=body)
        assert r.status_code == 422, f"PATCH {body}: expected 422, got {r.status_code}"
    assert json_body(_get(client, user["id"])) == user, "a rejected PATCH changed the user"


@pytest.mark.weight(3)
def test_delete_204_empty(client: httpx.Client) -> None:
    """DELETE answers 204 with an empty body, then the user is gone"""
    user = _create(client)
    r = client.delete(f"/users/{user['id']}")
    assert r.status_code == 204, f"expected 204, got {r.status_code}: {r.text[:200]}"
    assert r.content == b"", f"expected an empty body, got {r.content[:200]!r}"
    r = _get(client, user["id"])
    assert r.status_code == 404, f"GET after DELETE: expected 404, got {r.status_code}"
    assert all(u["id"] != user["id"] for u in _all_users(client)), "deleted user still listed"


@pytest.mark.weight(2)
def test_delete_unknown_404(client: httpx.Client) -> None:
    """Deleting an unknown or already deleted user answers 404"""
    r = client.delete(f"/users/{UNKNOWN_ID}")
    assert r.status_code == 404, f"unknown id: expected 404, got {r.status_code}"
    assert json_body(r) == NOT_FOUND, f"expected {NOT_FOUND}, got {r.text[:200]}"
    user = _create(client)
    assert client.delete(f"/users/{user['id']}").status_code in (200, 204), "first DELETE failed"
    r = client.delete(f"/users/{user['id']}")
    assert r.status_code == 404, f"second DELETE: expected 404, got {r.status_code}"


@pytest.mark.weight(3)
def test_ids_never_reused(client: httpx.Client) -> None:
    """Ids are never reused after a delete, and no user is overwritten"""
    a = _create(client, "Keep A")
    b = _create(client, "Keep B")
    assert client.delete(f"/users/{a['id']}").status_code in (200, 204), "DELETE A failed"
    c = _create(client, "New C")
    assert c["id"] not in (a["id"], b["id"]), (
        f"new user got id {c['id']}, already used by A ({a['id']}) or B ({b['id']})"
    )
    assert json_body(_get(client, b["id"])) == b, "creating C overwrote B"
    assert client.delete(f"/users/{c['id']}").status_code in (200, 204), "DELETE C failed"
    d = _create(client, "New D")
    assert d["id"] not in (a["id"], b["id"], c["id"]), (
        f"new user got id {d['id']}, already used by a previous user"
    )
    the_email_of_a = a["email"]
    e = _create(client, "Reuses A's email", the_email_of_a)
    assert e["email"] == the_email_of_a, "a deleted user's email must be free again"
