"""Hidden tests: never leak internal fields (black box, over HTTP)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

PUBLIC = {"id", "username", "display_name"}
ADMIN = PUBLIC | {"email", "is_admin"}
ALICE = {"id": 1, "username": "alice", "display_name": "Alice Liddell"}
BOB = {"id": 2, "username": "bob", "display_name": "Bob Builder"}
SECRETS = (
    "password",
    "api_key",
    "internal_notes",
    "preferences",
    "ak_live_",
    "VIP customer",
    "refund",
    hashlib.sha256(b"wonderland-42").hexdigest(),
    hashlib.sha256(b"can-we-fix-it").hexdigest(),
)
UNKNOWN_ID = 987_654_321


def _assert_no_secrets(r: httpx.Response, what: str, extra: tuple[str, ...] = ()) -> None:
    leaked = [s for s in (*SECRETS, *extra) if s in r.text]
    assert not leaked, f"{what}: the response leaks {leaked}: {r.text[:300]}"


def _assert_fields(obj: Any, fields: set[str], what: str) -> None:
    assert isinstance(obj, dict), f"{what}: expected a JSON object, got {obj!r}"
    assert set(obj) == fields, (
        f"{what}: expected exactly the fields {sorted(fields)}, got {sorted(obj)}"
    )


def _new_user(client: httpx.Client) -> tuple[dict[str, Any], str]:
    name = f"u{uuid.uuid4().hex[:12]}"
    password = f"pw-{uuid.uuid4().hex}"
    body = {"username": name, "display_name": f"User {name}", "email": f"{name}@example.com",
            "password": password}
    r = client.post("/users", json=body)
    assert r.status_code == 201, f"POST /users: expected 201, got {r.status_code}: {r.text[:200]}"
    return json_body(r), password


def _prefs(client: httpx.Client, user_id: int) -> Any:
    r = client.get(f"/users/{user_id}/preferences")
    assert r.status_code == 200, (
        f"GET /users/{user_id}/preferences: expected 200, got {r.status_code}: {r.text[:200]}"
    )
    return json_body(r)


@pytest.mark.weight(3)
def test_public_user_exact_fields(client: httpx.Client) -> None:
    """A public user has exactly id, username and display_name"""
    for expected in (ALICE, BOB):
        r = client.get(f"/users/{expected['id']}")
        assert r.status_code == 200, f"GET /users/{expected['id']}: expected 200, got {r.status_code}"
        _assert_no_secrets(r, f"GET /users/{expected['id']}")
        _assert_fields(json_body(r), PUBLIC, f"GET /users/{expected['id']}")
        assert json_body(r) == expected, f"expected {expected}, got {r.text[:300]}"


@pytest.mark.weight(3)
def test_user_list_is_public(client: httpx.Client) -> None:
    """GET /users lists public users only, in id order"""
    r = client.get("/users")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    _assert_no_secrets(r, "GET /users")
    users = json_body(r)
    assert isinstance(users, list) and users[:2] == [ALICE, BOB], (
        f"expected the list to start with {[ALICE, BOB]}, got {r.text[:300]}"
    )
    for user in users:
        _assert_fields(user, PUBLIC, "GET /users entry")
    ids = [u["id"] for u in users]
    assert ids == sorted(ids), f"expected users in id order, got ids {ids}"


@pytest.mark.weight(3)
def test_admin_view(client: httpx.Client) -> None:
    """The admin view adds email and is_admin, and nothing else"""
    r = client.get("/admin/users/1")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    _assert_no_secrets(r, "GET /admin/users/1")
    expected = {**ALICE, "email": "alice@example.com", "is_admin": True}
    _assert_fields(json_body(r), ADMIN, "GET /admin/users/1")
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:300]}"


@pytest.mark.weight(1)
def test_unknown_user_404(client: httpx.Client) -> None:
    """Unknown users answer 404 on every user route"""
    for path in (f"/users/{UNKNOWN_ID}", f"/admin/users/{UNKNOWN_ID}",
                 f"/users/{UNKNOWN_ID}/preferences"):
        r = client.get(path)
        assert r.status_code == 404, f"GET {path}: expected 404, got {r.status_code}"
        assert json_body(r) == {"detail": "User not found"}, f"GET {path}: got {r.text[:200]}"
    r = client.patch(f"/users/{UNKNOWN_ID}/preferences", json={"theme": "dark"})
    assert r.status_code == 404, f"PATCH unknown user: expected 404, got {r.status_code}"


@pytest.mark.weight(3)
def test_create_returns_public_user(client: httpx.Client) -> None:
    """Creating a user answers 201 with the public user, never the password"""
    name = f"u{uuid.uuid4().hex[:12]}"
    password = f"pw-{uuid.uuid4().hex}"
    body = {"username": name, "display_name": "Carol Danvers", "email": f"{name}@example.com",
            "password": password}
    r = client.post("/users", json=body)
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    _assert_no_secrets(r, "POST /users", (password, hashlib.sha256(password.encode()).hexdigest()))
    user = json_body(r)
    _assert_fields(user, PUBLIC, "POST /users")
    assert user["username"] == name and user["display_name"] == "Carol Danvers", f"got {user}"
    r = client.get(f"/admin/users/{user['id']}")
    assert r.status_code == 200, f"GET /admin/users/<new id>: expected 200, got {r.status_code}"
    _assert_no_secrets(r, "GET /admin/users/<new id>", (password,))
    expected = {**user, "email": f"{name}@example.com", "is_admin": False}
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:300]}"


@pytest.mark.weight(2)
def test_only_set_preferences_returned(client: httpx.Client) -> None:
    """GET preferences returns only the preferences the user has set"""
    assert _prefs(client, 1) == {"theme": "dark"}, "Alice: expected {'theme': 'dark'}"
    assert _prefs(client, 2) == {}, "Bob has set no preference: expected {}"
    user, _ = _new_user(client)
    got = _prefs(client, user["id"])
    assert got == {}, f"a new user has set no preference: expected {{}}, got {got}"


@pytest.mark.weight(3)
def test_patch_merges_preferences(client: httpx.Client) -> None:
    """PATCH sets the preferences sent and keeps the others"""
    user, _ = _new_user(client)
    path = f"/users/{user['id']}/preferences"
    r = client.patch(path, json={"language": "fr"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == {"language": "fr"}, f"after language=fr: expected {{'language': 'fr'}}, got {r.text[:200]}"
    r = client.patch(path, json={"newsletter": True})
    expected = {"language": "fr", "newsletter": True}
    assert r.status_code == 200 and json_body(r) == expected, (
        f"after newsletter=true: expected {expected}, got {r.status_code} {r.text[:200]}"
    )
    assert _prefs(client, user["id"]) == expected, "GET after two PATCHes: preferences not kept"


@pytest.mark.weight(2)
def test_default_value_set_explicitly(client: httpx.Client) -> None:
    """A preference set to its default value still counts as set"""
    user, _ = _new_user(client)
    path = f"/users/{user['id']}/preferences"
    r = client.patch(path, json={"theme": "light", "newsletter": False})
    expected = {"theme": "light", "newsletter": False}
    assert r.status_code == 200 and json_body(r) == expected, (
        f"expected {expected}, got {r.status_code} {r.text[:200]}"
    )
    assert _prefs(client, user["id"]) == expected, f"GET: expected {expected}"


@pytest.mark.weight(2)
def test_invalid_preferences_change_nothing(client: httpx.Client) -> None:
    """Invalid preference values are rejected with 422 and change nothing"""
    user, _ = _new_user(client)
    path = f"/users/{user['id']}/preferences"
    r = client.patch(path, json={"theme": "dark"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    for bad in ({"theme": "blue"}, {"language": "French"}, {"theme": "light", "newsletter": "sometimes"}):
        r = client.patch(path, json=bad)
        assert r.status_code == 422, f"PATCH {bad}: expected 422, got {r.status_code}"
    got = _prefs(client, user["id"])
    assert got == {"theme": "dark"}, f"after rejected PATCHes: expected {{'theme': 'dark'}}, got {got}"


@pytest.mark.weight(1)
def test_invalid_new_user_422(client: httpx.Client) -> None:
    """An invalid new user is rejected with 422"""
    name = f"u{uuid.uuid4().hex[:12]}"
    valid = {"username": name, "display_name": "Dan", "email": f"{name}@example.com",
             "password": "long-enough"}
    cases = [
        {"username": "Not Valid!"},
        {"display_name": ""},
        {"display_name": "x" * 61},
        {"email": "not-an-email"},
        {"password": "short"},
    ]
    for change in cases:
        r = client.post("/users", json={**valid, **change})
        assert r.status_code == 422, f"POST /users with {change}: expected 422, got {r.status_code}"
