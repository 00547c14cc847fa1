"""Hidden tests: headers, response headers and a cookie session (black box, over HTTP)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

NOT_LOGGED_IN = {"detail": "Not logged in"}


def _info(client: httpx.Client, headers: list[tuple[str, str]], *,
          keep_user_agent: bool = True) -> httpx.Response:
    request = client.build_request("GET", "/client-info", headers=headers)
    if not keep_user_agent:
        del request.headers["User-Agent"]
    return client.send(request)


def _ok_info(client: httpx.Client, headers: list[tuple[str, str]], **kw: bool) -> dict[str, Any]:
    r = _info(client, headers, **kw)
    assert r.status_code == 200, f"GET /client-info {headers}: expected 200, got {r.status_code}: {r.text[:300]}"
    return json_body(r)


def _assert_header_422(r: httpx.Response, name: str, what: str) -> None:
    assert r.status_code == 422, f"{what}: expected 422, got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    assert isinstance(body, dict) and isinstance(body.get("detail"), list), (
        f"{what}: expected FastAPI's validation body {{'detail': [...]}}, got {body!r}"
    )
    locs = [err.get("loc") for err in body["detail"]]
    assert ["header", name] in locs, f"{what}: expected an error at ['header', '{name}'], got {locs}"


def _session_cookie(r: httpx.Response) -> tuple[str, dict[str, str]]:
    """The session_id value and its attributes (lower-cased names) from Set-Cookie."""
    for line in r.headers.get_list("set-cookie"):
        name_value, *attrs = [part.strip() for part in line.split(";")]
        name, _, value = name_value.partition("=")
        if name.strip() == "session_id":
            parsed = {}
            for attr in attrs:
                key, _, val = attr.partition("=")
                parsed[key.strip().lower()] = val.strip()
            return value.strip(), parsed
    pytest.fail(f"expected a Set-Cookie header for session_id, got {r.headers.get_list('set-cookie')}",
                pytrace=False)


def _username() -> str:
    return f"u_{uuid.uuid4().hex[:12]}"


def _login(client: httpx.Client, username: str) -> str:
    r = client.post("/session", json={"username": username})
    assert r.status_code in (200, 201), f"POST /session: expected 201, got {r.status_code}: {r.text[:200]}"
    return _session_cookie(r)[0]


def _whoami(client: httpx.Client, session_id: str | None) -> httpx.Response:
    headers = {"Cookie": f"session_id={session_id}"} if session_id is not None else {}
    return client.get("/session", headers=headers)


@pytest.mark.weight(3)
def test_client_info_reads_headers(client: httpx.Client) -> None:
    """Every documented request header is read"""
    body = _ok_info(client, [("X-Tenant-ID", "acme-eu"), ("User-Agent", "shop-app/3.1"),
                             ("API-Version", "2"), ("X-Tag", "beta"), ("X-Tag", "mobile"),
                             ("X-Tag", "eu")])
    expected = {"tenant": "acme-eu", "user_agent": "shop-app/3.1", "api_version": "2",
                "tags": ["beta", "mobile", "eu"], "legacy_client": None}
    assert body == expected, f"expected {expected}, got {body}"


@pytest.mark.weight(2)
def test_client_info_defaults(client: httpx.Client) -> None:
    """Optional headers fall back to null, version 1 and no tags"""
    body = _ok_info(client, [("x-tenant-id", "shop42")], keep_user_agent=False)
    expected = {"tenant": "shop42", "user_agent": None, "api_version": "1", "tags": [],
                "legacy_client": None}
    assert body == expected, f"expected {expected}, got {body}"


@pytest.mark.weight(2)
def test_response_headers(client: httpx.Client) -> None:
    """The response carries X-API-Version and Cache-Control: no-store"""
    for sent, expected in (([("API-Version", "2")], "2"), ([], "1")):
        r = _info(client, [("X-Tenant-ID", "acme"), *sent])
        assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
        assert r.headers.get("x-api-version") == expected, (
            f"API-Version {sent or 'absent'}: expected X-API-Version {expected!r}, "
            f"got {r.headers.get('x-api-version')!r}"
        )
        assert r.headers.get("cache-control") == "no-store", (
            f"expected Cache-Control 'no-store', got {r.headers.get('cache-control')!r}"
        )


@pytest.mark.weight(3)
def test_tenant_header_validated(client: httpx.Client) -> None:
    """A missing or malformed X-Tenant-ID is rejected with 422"""
    _assert_header_422(_info(client, []), "x-tenant-id", "no X-Tenant-ID")
    for bad in ("ab", "Acme", "acme_eu", "x" * 33, "acme eu"):
        _assert_header_422(_info(client, [("X-Tenant-ID", bad)]), "x-tenant-id",
                           f"X-Tenant-ID {bad!r}")
    body = _ok_info(client, [("X-Tenant-ID", "a" * 32)])
    assert body["tenant"] == "a" * 32, f"a 32-character tenant is valid, got {body}"


@pytest.mark.weight(1)
def test_api_version_validated(client: httpx.Client) -> None:
    """An unknown API-Version is rejected with 422"""
    for bad in ("3", "v2", "0"):
        _assert_header_422(_info(client, [("X-Tenant-ID", "acme"), ("API-Version", bad)]),
                           "api-version", f"API-Version {bad!r}")


@pytest.mark.weight(2)
def test_underscored_legacy_header(client: httpx.Client) -> None:
    """X_Legacy_Client is read by its underscored name only"""
    body = _ok_info(client, [("X-Tenant-ID", "acme"), ("X_Legacy_Client", "pos-1.2")])
    assert body.get("legacy_client") == "pos-1.2", (
        f"X_Legacy_Client: expected legacy_client 'pos-1.2', got {body.get('legacy_client')!r}"
    )
    body = _ok_info(client, [("X-Tenant-ID", "acme"), ("X-Legacy-Client", "pos-1.2")])
    assert body.get("legacy_client") is None, (
        f"X-Legacy-Client (hyphens) must be ignored, got legacy_client {body.get('legacy_client')!r}"
    )


@pytest.mark.weight(3)
def test_login_sets_session_cookie(client: httpx.Client) -> None:
    """Logging in answers 201 and sets an HttpOnly, SameSite=lax session cookie"""
    username = _username()
    r = client.post("/session", json={"username": username})
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == {"username": username}, f"got {r.text[:200]}"
    value, attrs = _session_cookie(r)
    assert value, "the session_id cookie is empty"
    assert "httponly" in attrs, f"expected HttpOnly, got attributes {attrs}"
    assert attrs.get("samesite", "").lower() == "lax", f"expected SameSite=lax, got {attrs}"
    assert attrs.get("path") == "/", f"expected Path=/, got {attrs}"
    assert attrs.get("max-age") == "3600", f"expected Max-Age=3600, got {attrs}"


@pytest.mark.weight(2)
def test_session_ids_are_unguessable(client: httpx.Client) -> None:
    """Session ids are random: new for each login and not derived from the username"""
    username = _username()
    first, second = _login(client, username), _login(client, username)
    assert first != second, "two logins got the same session id"
    for value in (first, second):
        assert len(value) >= 16, f"expected at least 16 characters, got {value!r}"
        assert username not in value and username.replace("_", "") not in value, (
            f"the session id {value!r} contains the username"
        )
    for value in (first, second):
        r = _whoami(client, value)
        assert r.status_code == 200 and json_body(r) == {"username": username}, (
            f"both sessions should be live, got {r.status_code} {r.text[:200]}"
        )


@pytest.mark.weight(3)
def test_session_cookie_identifies_user(client: httpx.Client) -> None:
    """GET /session returns the user named by the session cookie"""
    alice, bob = _username(), _username()
    alice_id, bob_id = _login(client, alice), _login(client, bob)
    for session_id, username in ((alice_id, alice), (bob_id, bob)):
        r = _whoami(client, session_id)
        assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
        assert json_body(r) == {"username": username}, f"expected {username}, got {r.text[:200]}"


@pytest.mark.weight(3)
def test_no_or_unknown_cookie_401(client: httpx.Client) -> None:
    """Without a valid session cookie GET /session is 401, not 422"""
    r = _whoami(client, None)
    assert r.status_code == 401, f"no cookie: expected 401, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == NOT_LOGGED_IN, f"expected {NOT_LOGGED_IN}, got {r.text[:200]}"
    username = _username()
    _login(client, username)
    for forged in (username, f"forged-{uuid.uuid4().hex}"):
        r = _whoami(client, forged)
        assert r.status_code == 401, f"cookie {forged!r}: expected 401, got {r.status_code}"


@pytest.mark.weight(3)
def test_logout(client: httpx.Client) -> None:
    """Logging out answers 204, deletes the cookie and ends only that session"""
    username = _username()
    ended, other = _login(client, username), _login(client, username)
    r = client.delete("/session", headers={"Cookie": f"session_id={ended}"})
    assert r.status_code == 204, f"expected 204, got {r.status_code}: {r.text[:200]}"
    assert r.content == b"", f"expected an empty body, got {r.content[:200]!r}"
    value, attrs = _session_cookie(r)
    assert attrs.get("max-age") == "0" and value in ("", '""'), (
        f"expected Set-Cookie session_id=\"\" with Max-Age=0, got {value!r} {attrs}"
    )
    r = _whoami(client, ended)
    assert r.status_code == 401, f"the ended session still works: got {r.status_code}"
    r = _whoami(client, other)
    assert r.status_code == 200, f"logging out ended another session: got {r.status_code}"


@pytest.mark.weight(1)
def test_logout_without_session(client: httpx.Client) -> None:
    """Logging out without a session is still 204"""
    r = client.delete("/session")
    assert r.status_code == 204, f"no cookie: expected 204, got {r.status_code}: {r.text[:200]}"
    r = client.delete("/session", headers={"Cookie": "session_id=unknown-session-id"})
    assert r.status_code == 204, f"unknown cookie: expected 204, got {r.status_code}"


@pytest.mark.weight(1)
def test_login_validated(client: httpx.Client) -> None:
    """An invalid username is rejected with 422 and sets no cookie"""
    for bad in ("ab", "Alice", "has space", "x" * 31):
        r = client.post("/session", json={"username": bad})
        assert r.status_code == 422, f"username {bad!r}: expected 422, got {r.status_code}"
        assert not r.headers.get_list("set-cookie"), f"username {bad!r}: a cookie was set"
