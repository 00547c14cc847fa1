"""Hidden tests: bearer-token dependency chain (black box, over HTTP)."""

from __future__ import annotations

import httpx
import pytest
from crucible_checks import json_body

ALICE = "tok_alice_6f1c"  # active admin
BOB = "tok_bob_91d2"  # active member
CAROL = "tok_carol_3a7e"  # inactive member
DAVE = "tok_dave_c45b"  # inactive admin
GHOST = "tok_ghost_0000"  # token whose user no longer exists

ALL_USERS = [
    {"username": "alice", "full_name": "Alice Admin", "role": "admin", "is_active": True},
    {"username": "bob", "full_name": "Bob Member", "role": "member", "is_active": True},
    {"username": "carol", "full_name": "Carol Inactive", "role": "member", "is_active": False},
    {"username": "dave", "full_name": "Dave Former-Admin", "role": "admin", "is_active": False},
]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _assert_401(r: httpx.Response, what: str) -> None:
    assert r.status_code == 401, f"{what}: expected 401, got {r.status_code}: {r.text[:200]}"
    challenge = r.headers.get("WWW-Authenticate")
    assert challenge is not None, f"{what}: 401 without a WWW-Authenticate header"
    assert challenge.lower().startswith("bearer"), (
        f"{what}: expected WWW-Authenticate to start with 'Bearer', got {challenge!r}"
    )


def _assert_403(r: httpx.Response, what: str) -> None:
    assert r.status_code == 403, f"{what}: expected 403, got {r.status_code}: {r.text[:200]}"


@pytest.mark.weight(1)
def test_health_is_public(client: httpx.Client) -> None:
    """The health check needs no token"""
    r = client.get("/health")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"


@pytest.mark.weight(3)
def test_me_returns_caller(client: httpx.Client) -> None:
    """GET /me with a valid token returns that user, without password_hash"""
    expected = {
        ALICE: {"username": "alice", "full_name": "Alice Admin", "role": "admin"},
        BOB: {"username": "bob", "full_name": "Bob Member", "role": "member"},
    }
    for token, user in expected.items():
        r = client.get("/me", headers=bearer(token))
        assert r.status_code == 200, (
            f"{user['username']}: expected 200, got {r.status_code}: {r.text[:200]}"
        )
        body = json_body(r)
        assert isinstance(body, dict) and "password_hash" not in body, (
            f"{user['username']}: the response leaks password_hash"
        )
        assert body == user, f"expected {user}, got {body}"


@pytest.mark.weight(3)
def test_missing_token_401(client: httpx.Client) -> None:
    """No Authorization header returns 401 with WWW-Authenticate: Bearer"""
    for path in ("/me", "/me/status", "/admin/users"):
        _assert_401(client.get(path), f"GET {path} without Authorization")


@pytest.mark.weight(3)
def test_unknown_token_401(client: httpx.Client) -> None:
    """An unknown token returns 401 with WWW-Authenticate: Bearer"""
    for path in ("/me", "/me/status", "/admin/users"):
        _assert_401(
            client.get(path, headers=bearer("tok_nobody_ffff")), f"GET {path} unknown token"
        )


@pytest.mark.weight(1)
def test_token_of_deleted_user_401(client: httpx.Client) -> None:
    """A token whose user no longer exists returns 401"""
    _assert_401(client.get("/me", headers=bearer(GHOST)), "GET /me with the ghost token")


@pytest.mark.weight(2)
def test_malformed_authorization_401(client: httpx.Client) -> None:
    """Authorization without the Bearer scheme returns 401"""
    cases = {
        "raw token, no scheme": ALICE,
        "Basic scheme": f"Basic {ALICE}",
        "Bearer without a token": "Bearer",
        "scheme glued to the token": f"Bearer{ALICE}",
    }
    for what, value in cases.items():
        _assert_401(client.get("/me", headers={"Authorization": value}), what)


@pytest.mark.weight(1)
def test_scheme_is_case_insensitive(client: httpx.Client) -> None:
    """The auth scheme is case-insensitive ("bearer" works)"""
    r = client.get("/me", headers={"Authorization": f"bearer {BOB}"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"


@pytest.mark.weight(3)
def test_inactive_user_403(client: httpx.Client) -> None:
    """An inactive user gets 403 on /me"""
    _assert_403(client.get("/me", headers=bearer(CAROL)), "inactive carol on /me")


@pytest.mark.weight(2)
def test_status_allows_inactive(client: httpx.Client) -> None:
    """GET /me/status works for any authenticated user, inactive included"""
    expected = {
        CAROL: {"username": "carol", "is_active": False},
        BOB: {"username": "bob", "is_active": True},
    }
    for token, status in expected.items():
        r = client.get("/me/status", headers=bearer(token))
        assert r.status_code == 200, (
            f"{status['username']}: expected 200, got {r.status_code}: {r.text[:200]}"
        )
        assert json_body(r) == status, f"expected {status}, got {r.text[:200]}"


@pytest.mark.weight(2)
def test_admin_lists_users(client: httpx.Client) -> None:
    """An active admin can list all users, sorted by username"""
    r = client.get("/admin/users", headers=bearer(ALICE))
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == ALL_USERS, f"expected {ALL_USERS}, got {r.text[:600]}"


@pytest.mark.weight(3)
def test_member_forbidden_on_admin(client: httpx.Client) -> None:
    """An active member gets 403 on the admin route"""
    _assert_403(client.get("/admin/users", headers=bearer(BOB)), "member bob on /admin/users")


@pytest.mark.weight(2)
def test_inactive_admin_forbidden(client: httpx.Client) -> None:
    """An inactive admin gets 403 on the admin route"""
    _assert_403(
        client.get("/admin/users", headers=bearer(DAVE)), "inactive admin dave on /admin/users"
    )


@pytest.mark.weight(1)
def test_error_details(client: httpx.Client) -> None:
    """Error responses carry the documented detail messages"""
    cases = [
        ("/me", {}, 401, "Not authenticated"),
        ("/me", {"Authorization": ALICE}, 401, "Not authenticated"),
        ("/me", {"Authorization": f"Basic {ALICE}"}, 401, "Not authenticated"),
        ("/me", {"Authorization": "Bearer"}, 401, "Not authenticated"),
        ("/me", {"Authorization": f"Bearer{ALICE}"}, 401, "Not authenticated"),
        ("/me", bearer("tok_nobody_ffff"), 401, "Invalid token"),
        ("/me", bearer(CAROL), 403, "Inactive user"),
        ("/admin/users", bearer(BOB), 403, "Admin role required"),
    ]
    for path, headers, status, detail in cases:
        r = client.get(path, headers=headers)
        assert (r.status_code, json_body(r)) == (status, {"detail": detail}), (
            f"GET {path} {headers or 'without token'}: expected {status} {{'detail': {detail!r}}}, "
            f"got {r.status_code} {r.text[:200]}"
        )
