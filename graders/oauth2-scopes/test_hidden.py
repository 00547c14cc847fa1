"""Hidden tests: OAuth2 scopes (black box, over HTTP).

Tokens are fetched through POST /token (cached per user and scope request: argon2 is slow) or,
for expired and forged tokens, signed here with the SECRET_KEY the statement publishes.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import jwt
import pytest
from crucible_checks import json_body

SECRET_KEY = "crucible-oauth2-scopes-demo-secret-change-me-in-production"
PASSWORDS = {"alice": "wonderland", "bob": "builder", "root": "r00t-access"}
_tokens: dict[tuple[str, str], str] = {}


def login(client: httpx.Client, username: str, scope: str, password: str | None = None) -> httpx.Response:
    data = {"username": username, "password": password or PASSWORDS[username], "scope": scope}
    return client.post("/token", data=data)


def token(client: httpx.Client, username: str, scope: str) -> str:
    key = (username, scope)
    if key not in _tokens:
        r = login(client, username, scope)
        assert r.status_code == 200, (
            f"POST /token for {username} with scope {scope!r}: expected 200, "
            f"got {r.status_code}: {r.text[:200]}"
        )
        _tokens[key] = json_body(r)["access_token"]
    return _tokens[key]


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def sign(claims: dict[str, Any], key: str = SECRET_KEY) -> str:
    return jwt.encode(claims, key, algorithm="HS256")


def in_minutes(minutes: int) -> datetime:
    return datetime.now(timezone.utc) + timedelta(minutes=minutes)


def assert_401(r: httpx.Response, what: str) -> None:
    assert r.status_code == 401, f"{what}: expected 401, got {r.status_code}: {r.text[:200]}"
    header = r.headers.get("WWW-Authenticate", "")
    assert header.startswith("Bearer"), (
        f"{what}: expected a WWW-Authenticate header starting with Bearer, got {header!r}"
    )


def challenge_scopes(r: httpx.Response) -> set[str] | None:
    match = re.search(r'scope="([^"]*)"', r.headers.get("WWW-Authenticate", ""))
    return None if match is None else set(match.group(1).split())


def assert_403(r: httpx.Response, what: str, required: set[str]) -> None:
    assert r.status_code == 403, f"{what}: expected 403, got {r.status_code}: {r.text[:200]}"
    assert isinstance(json_body(r).get("detail"), str), f"{what}: expected {{'detail': '...'}}"
    header = r.headers.get("WWW-Authenticate", "")
    assert header.startswith("Bearer") and 'error="insufficient_scope"' in header, (
        f'{what}: expected WWW-Authenticate: Bearer error="insufficient_scope", ..., got {header!r}'
    )
    got = challenge_scopes(r)
    assert got == required, (
        f'{what}: expected scope="..." to list {sorted(required)}, got {header!r}'
    )


def new_name() -> str:
    return f"item-{uuid.uuid4().hex[:10]}"


# --- issuing tokens ----------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_token_is_a_jwt_with_granted_scopes(client: httpx.Client) -> None:
    """A token is a signed JWT whose claims name the user, the granted scopes and an expiry"""
    r = login(client, "root", "admin items:write")
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    assert body.get("token_type", "").lower() == "bearer", f"token_type: got {body.get('token_type')!r}"
    assert set(str(body.get("scope", "")).split()) == {"admin", "items:write"}, (
        f"scope: expected 'admin items:write' (any order), got {body.get('scope')!r}"
    )
    try:
        claims = jwt.decode(body.get("access_token", ""), SECRET_KEY, algorithms=["HS256"])
    except jwt.InvalidTokenError as exc:
        pytest.fail(f"access_token is not a valid HS256 JWT signed with SECRET_KEY: {exc}", pytrace=False)
    assert claims.get("sub") == "root", f"sub: expected 'root', got {claims.get('sub')!r}"
    assert isinstance(claims.get("scopes"), list) and set(claims["scopes"]) == {"admin", "items:write"}, (
        f"scopes claim: expected a list of admin and items:write, got {claims.get('scopes')!r}"
    )
    exp = claims.get("exp")
    assert isinstance(exp, (int, float)), f"exp claim: expected a timestamp, got {exp!r}"
    left = exp - datetime.now(timezone.utc).timestamp()
    assert 0 < left <= 16 * 60, f"exp: expected about 15 minutes from now, got {left:.0f} s"


@pytest.mark.weight(1)
def test_wrong_password_401(client: httpx.Client) -> None:
    """A wrong password or an unknown user gets 401 and no token"""
    assert_401(login(client, "alice", "profile", password="looking-glass"), "wrong password")
    assert_401(login(client, "mallory", "profile", password="wonderland"), "unknown user")


@pytest.mark.weight(3)
def test_scopes_are_limited_to_the_allowed(client: httpx.Client) -> None:
    """A user who asks for scopes they are not allowed gets a narrower token"""
    r = login(client, "bob", "items:read items:write admin")
    assert r.status_code == 200, f"expected 200 (narrowed), got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    assert set(str(body.get("scope", "")).split()) == {"items:read"}, (
        f"bob may only have items:read of those: expected scope 'items:read', got {body.get('scope')!r}"
    )
    claims = jwt.decode(body["access_token"], SECRET_KEY, algorithms=["HS256"])
    assert claims.get("scopes") == ["items:read"], (
        f"scopes claim: expected ['items:read'], got {claims.get('scopes')!r}"
    )
    created = client.post("/items", json={"name": new_name()}, headers=bearer(body["access_token"]))
    assert created.status_code == 403, (
        f"bob's narrowed token created an item: expected 403, got {created.status_code}"
    )


@pytest.mark.weight(1)
def test_no_scope_requested_grants_none(client: httpx.Client) -> None:
    """Asking for no scope grants none"""
    r = login(client, "alice", "")
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    assert str(body.get("scope", "")).split() == [], f"expected scope '', got {body.get('scope')!r}"
    me = client.get("/users/me", headers=bearer(body["access_token"]))
    assert me.status_code == 403, f"GET /users/me with no scopes: expected 403, got {me.status_code}"


@pytest.mark.weight(1)
def test_unknown_scope_400(client: httpx.Client) -> None:
    """Requesting a scope that does not exist is a 400"""
    r = login(client, "root", "items:read superuser")
    assert r.status_code == 400, f"expected 400, got {r.status_code}: {r.text[:200]}"
    assert isinstance(json_body(r).get("detail"), str), f"expected {{'detail': '...'}}, got {r.text[:200]}"


# --- using tokens ------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_routes_work_with_their_scope(client: httpx.Client) -> None:
    """Each route answers when the token has its scopes"""
    me = client.get("/users/me", headers=bearer(token(client, "bob", "profile items:read")))
    assert me.status_code == 200, f"GET /users/me: expected 200, got {me.status_code}: {me.text[:200]}"
    profile = json_body(me)
    assert profile.get("username") == "bob" and profile.get("full_name") == "Bob Builder", (
        f"GET /users/me: expected bob's profile, got {me.text[:200]}"
    )
    assert set(profile.get("scopes") or []) == {"profile", "items:read"}, (
        f"GET /users/me: expected the token's scopes profile and items:read, got {profile.get('scopes')!r}"
    )
    items = client.get("/items", headers=bearer(token(client, "bob", "items:read")))
    assert items.status_code == 200, f"GET /items: expected 200, got {items.status_code}"
    assert isinstance(json_body(items), list) and {"id": 1, "name": "Widget", "owner": "alice"} in json_body(items), (
        f"GET /items: expected a list containing item 1, got {items.text[:200]}"
    )


@pytest.mark.weight(2)
def test_create_item_with_write_scope(client: httpx.Client) -> None:
    """POST /items with items:write creates the item, owned by the caller, and validates the name"""
    name = new_name()
    r = client.post("/items", json={"name": name}, headers=bearer(token(client, "alice", "items:write")))
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    item = json_body(r)
    assert item.get("name") == name and item.get("owner") == "alice", (
        f"expected name {name!r} owned by alice, got {item}"
    )
    listed = client.get("/items", headers=bearer(token(client, "alice", "items:read")))
    assert item in json_body(listed), "the new item is not in GET /items"
    for bad in ({"name": ""}, {"name": "x" * 51}, {}):
        r = client.post("/items", json=bad, headers=bearer(token(client, "alice", "items:write")))
        assert r.status_code == 422, f"POST /items {bad}: expected 422, got {r.status_code}"


@pytest.mark.weight(3)
def test_missing_scope_403_with_challenge(client: httpx.Client) -> None:
    """A valid token without the route's scope gets 403 insufficient_scope naming the scope"""
    reader = token(client, "alice", "items:read")
    assert_403(client.get("/users/me", headers=bearer(reader)), "GET /users/me", {"profile"})
    assert_403(
        client.post("/items", json={"name": new_name()}, headers=bearer(reader)),
        "POST /items",
        {"items:write"},
    )
    assert_403(
        client.post("/items", json={"name": ""}, headers=bearer(reader)),
        "POST /items with an invalid body and a token without items:write",
        {"items:write"},
    )
    writer = token(client, "alice", "items:write")
    assert_403(client.get("/items", headers=bearer(writer)), "GET /items", {"items:read"})


@pytest.mark.weight(3)
def test_delete_needs_every_scope(client: httpx.Client) -> None:
    """DELETE needs items:write and admin: one of them is not enough"""
    writer = token(client, "root", "items:write")
    admin_only = token(client, "root", "admin")
    both = token(client, "root", "admin items:write")
    created = client.post("/items", json={"name": new_name()}, headers=bearer(writer))
    assert created.status_code == 201, f"POST /items: expected 201, got {created.status_code}"
    path = f"/items/{json_body(created)['id']}"
    required = {"items:write", "admin"}
    assert_403(client.delete(path, headers=bearer(writer)), "DELETE with items:write only", required)
    assert_403(client.delete(path, headers=bearer(admin_only)), "DELETE with admin only", required)
    r = client.delete(path, headers=bearer(both))
    assert r.status_code == 204, f"DELETE with both scopes: expected 204, got {r.status_code}: {r.text[:200]}"
    again = client.delete(path, headers=bearer(both))
    assert again.status_code == 404, f"DELETE of a deleted item: expected 404, got {again.status_code}"


@pytest.mark.weight(2)
def test_missing_or_malformed_credentials_401(client: httpx.Client) -> None:
    """No token, another scheme or a garbage token gets 401 with WWW-Authenticate: Bearer"""
    assert_401(client.get("/items"), "no Authorization header")
    assert_401(client.get("/items", headers={"Authorization": "Basic YWxpY2U6d29uZGVybGFuZA=="}), "Basic scheme")
    assert_401(client.get("/items", headers=bearer("not-a-jwt")), "garbage token")
    assert_401(client.post("/items", json={}), "POST without a token and with an invalid body")
    for bad in ({}, {"name": ""}):
        assert_401(
            client.post("/items", json=bad, headers=bearer("not-a-jwt")),
            f"POST /items with a garbage token and the invalid body {bad}",
        )
    expired = sign({"sub": "alice", "scopes": ["items:write"], "exp": in_minutes(-5)})
    assert_401(
        client.post("/items", json={}, headers=bearer(expired)),
        "POST /items with an expired token and an invalid body",
    )


@pytest.mark.weight(3)
def test_forged_tokens_401(client: httpx.Client) -> None:
    """A token with a bad signature, or signed for a user who does not exist, gets 401"""
    good = token(client, "bob", "items:read")
    header, payload, signature = good.split(".")
    tampered_sig = signature[:-4] + ("AAAA" if not signature.endswith("AAAA") else "BBBB")
    assert_401(client.get("/items", headers=bearer(f"{header}.{payload}.{tampered_sig}")), "bad signature")
    other_key = sign({"sub": "root", "scopes": ["items:read"], "exp": in_minutes(5)}, key="guessed-secret")
    assert_401(client.get("/items", headers=bearer(other_key)), "token signed with another key")
    ghost = sign({"sub": "ghost", "scopes": ["items:read"], "exp": in_minutes(5)})
    assert_401(client.get("/items", headers=bearer(ghost)), "sub is not a known user")
    unsigned = jwt.encode({"sub": "root", "scopes": ["items:read"], "exp": in_minutes(5)}, None, algorithm="none")
    assert_401(client.get("/items", headers=bearer(unsigned)), 'alg "none" token')


@pytest.mark.weight(2)
def test_expired_or_incomplete_token_401(client: httpx.Client) -> None:
    """An expired token, or one without exp or sub, gets 401"""
    expired = sign({"sub": "alice", "scopes": ["items:read"], "exp": in_minutes(-5)})
    assert_401(client.get("/items", headers=bearer(expired)), "expired token")
    no_exp = sign({"sub": "alice", "scopes": ["items:read"]})
    assert_401(client.get("/items", headers=bearer(no_exp)), "token without exp")
    no_sub = sign({"scopes": ["items:read"], "exp": in_minutes(5)})
    assert_401(client.get("/items", headers=bearer(no_sub)), "token without sub")


@pytest.mark.weight(1)
def test_openapi_declares_the_scopes(client: httpx.Client) -> None:
    """The OpenAPI schema declares an OAuth2 password flow with the four scopes"""
    schema = json_body(client.get("/openapi.json"))
    schemes = schema.get("components", {}).get("securitySchemes", {})
    flows = [s.get("flows", {}).get("password") for s in schemes.values() if s.get("type") == "oauth2"]
    flows = [f for f in flows if f]
    assert flows, f"expected an oauth2 security scheme with a password flow, got {schemes}"
    assert flows[0].get("tokenUrl", "").endswith("token"), f"tokenUrl: got {flows[0].get('tokenUrl')!r}"
    assert set(flows[0].get("scopes", {})) == {"profile", "items:read", "items:write", "admin"}, (
        f"expected the four scopes in the password flow, got {sorted(flows[0].get('scopes', {}))}"
    )
