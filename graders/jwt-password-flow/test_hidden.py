"""Hidden tests: OAuth2 password flow with PyJWT (black box, over HTTP).

overrides.py replaces `get_settings` (by default a known secret and 10-minute tokens) and
`get_now` with proxies of the grader's service (service.py): the clock and the settings live in
the grader's process. Every test takes `service`, so it starts with the default settings and
the clock reset to the real time. Only one test advances the clock before logging in (a day
ahead of the system clock), so a solution that keeps PyJWT's own exp check beside its check
against get_now() still passes every other test.
"""

from __future__ import annotations

from typing import Any

import httpx
import jwt
import pytest
from crucible_checks import json_body

SECRET = "crucible-grader-secret-5c1f0e2a9b7d4e63a8f1"  # see service.py
LIFETIME_S = 10 * 60
ALICE = {"username": "alice", "password": "wonderland-42"}
BOB = {"username": "bob", "password": "builder-can-fix"}


def now(service: Any) -> int:
    return service.timestamp()


def advance(service: Any, seconds: float) -> None:
    service.advance(seconds)


def login(client: httpx.Client, creds: dict[str, str] = ALICE) -> dict[str, Any]:
    r = client.post("/token", data=creds)
    assert r.status_code == 200, (
        f"POST /token (form data): expected 200, got {r.status_code}: {r.text[:200]}"
    )
    body = json_body(r)
    assert isinstance(body.get("access_token"), str), f"expected an access_token, got {body}"
    return body


def me(client: httpx.Client, token: str) -> httpx.Response:
    return client.get("/users/me", headers={"Authorization": f"Bearer {token}"})


def forge(claims: dict[str, Any], secret: str = SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, secret, algorithm=algorithm)


def assert_401(r: httpx.Response, what: str) -> None:
    assert r.status_code == 401, f"{what}: expected 401, got {r.status_code}: {r.text[:200]}"
    challenge = r.headers.get("WWW-Authenticate", "")
    assert challenge.lower().startswith("bearer"), (
        f"{what}: expected a WWW-Authenticate header starting with Bearer, got {challenge!r}"
    )


@pytest.mark.weight(3)
def test_login_returns_bearer_token(client: httpx.Client, service: Any) -> None:
    """Logging in with form data returns a bearer access token and its lifetime"""
    body = login(client)
    assert str(body.get("token_type", "")).lower() == "bearer", (
        f"expected token_type 'bearer', got {body.get('token_type')!r}"
    )
    assert body.get("expires_in") == LIFETIME_S, (
        f"expected expires_in {LIFETIME_S} (the configured lifetime in seconds), "
        f"got {body.get('expires_in')!r}"
    )


@pytest.mark.weight(2)
def test_token_claims(client: httpx.Client, service: Any) -> None:
    """The token is an HS256 JWT signed with the configured secret, with sub, iat and exp"""
    issued = now(service)
    token = login(client, BOB)["access_token"]
    try:
        claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_exp": False})
    except jwt.InvalidTokenError as exc:
        pytest.fail(f"the token is not an HS256 JWT signed with the settings' secret: {exc}")
    assert claims.get("sub") == "bob", f"expected sub 'bob', got {claims.get('sub')!r}"
    assert claims.get("iat") == issued, (
        f"expected iat {issued} (the injected clock's time), got {claims.get('iat')!r}"
    )
    assert claims.get("exp") == issued + LIFETIME_S, (
        f"expected exp {issued + LIFETIME_S} (iat + the configured lifetime), "
        f"got {claims.get('exp')!r}"
    )


@pytest.mark.weight(3)
def test_me_with_token(client: httpx.Client, service: Any) -> None:
    """GET /users/me with the token returns the user, without the password hash"""
    r = me(client, login(client)["access_token"])
    assert r.status_code == 200, f"GET /users/me: expected 200, got {r.status_code}: {r.text}"
    expected = {"username": "alice", "full_name": "Alice Liddell"}
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:300]}"


@pytest.mark.weight(2)
def test_bad_credentials_401(client: httpx.Client, service: Any) -> None:
    """A wrong password and an unknown user get the same 401"""
    wrong = client.post("/token", data={"username": "alice", "password": "wonderland-43"})
    unknown = client.post("/token", data={"username": "mallory", "password": "wonderland-42"})
    assert_401(wrong, "POST /token with a wrong password")
    assert_401(unknown, "POST /token for an unknown user")
    assert json_body(wrong) == json_body(unknown), (
        "a wrong password and an unknown user must be indistinguishable, got "
        f"{wrong.text[:100]} and {unknown.text[:100]}"
    )


@pytest.mark.weight(2)
def test_login_takes_form_data(client: httpx.Client, service: Any) -> None:
    """POST /token reads form fields: JSON or a missing field is a 422"""
    r = client.post("/token", json=ALICE)
    assert r.status_code == 422, f"POST /token with a JSON body: expected 422, got {r.status_code}"
    r = client.post("/token", data={"username": "alice"})
    assert r.status_code == 422, f"POST /token without password: expected 422, got {r.status_code}"


@pytest.mark.weight(2)
def test_missing_or_malformed_token_401(client: httpx.Client, service: Any) -> None:
    """No token, a token that is not a JWT, or another scheme is a 401"""
    assert_401(client.get("/users/me"), "GET /users/me without a token")
    for header in ("Bearer not-a-jwt", "Bearer a.b.c", "Basic YWxpY2U6d29uZGVybGFuZC00Mg=="):
        r = client.get("/users/me", headers={"Authorization": header})
        assert_401(r, f"GET /users/me with Authorization: {header}")


@pytest.mark.weight(3)
def test_expiry_follows_injected_clock(client: httpx.Client, service: Any) -> None:
    """A token works until its lifetime is over on the app's clock, then it is a 401"""
    token = login(client)["access_token"]
    advance(service, LIFETIME_S - 1)
    r = me(client, token)
    assert r.status_code == 200, f"1 second before exp: expected 200, got {r.status_code}"
    advance(service, 3600)
    assert_401(me(client, token), "an hour after exp (on the clock from get_now)")


@pytest.mark.weight(1)
def test_token_valid_while_clock_is_ahead(client: httpx.Client, service: Any) -> None:
    """A token issued when the app's clock runs ahead of the system clock is valid on that clock"""
    advance(service, 86400)
    token = login(client)["access_token"]
    r = me(client, token)
    assert r.status_code == 200, (
        "with get_now() a day ahead of the system clock, a fresh token: expected 200, "
        f"got {r.status_code}: {r.text[:200]}"
    )
    advance(service, LIFETIME_S)
    assert_401(me(client, token), "now == exp on the clock from get_now, a day ahead")


@pytest.mark.weight(1)
def test_expired_exactly_at_exp(client: httpx.Client, service: Any) -> None:
    """At the exact expiry time the token is no longer valid"""
    token = login(client)["access_token"]
    advance(service, LIFETIME_S)
    assert_401(me(client, token), "now == exp (a token is valid only while now < exp)")


@pytest.mark.weight(3)
def test_signature_is_verified(client: httpx.Client, service: Any) -> None:
    """A token signed with another secret, or not signed at all, is a 401"""
    t = now(service)
    claims = {"sub": "alice", "iat": t, "exp": t + 300}
    assert_401(me(client, forge(claims, secret="another-secret-0123456789abcdef")), "wrong secret")
    assert_401(me(client, jwt.encode(claims, None, algorithm="none")), "alg=none")
    good = forge(claims)
    tampered = good[:-2] + ("AA" if good[-2:] != "AA" else "BB")
    assert_401(me(client, tampered), "a tampered signature")


@pytest.mark.weight(2)
def test_secret_comes_from_settings(client: httpx.Client, service: Any) -> None:
    """A token signed with the configured secret is accepted (the secret comes from get_settings)"""
    t = now(service)
    r = me(client, forge({"sub": "bob", "iat": t, "exp": t + 300}))
    assert r.status_code == 200, (
        f"a valid token signed with the settings' secret: expected 200, got {r.status_code}"
    )
    assert json_body(r).get("username") == "bob", f"expected bob, got {r.text[:200]}"


@pytest.mark.weight(2)
def test_exp_is_required(client: httpx.Client, service: Any) -> None:
    """A signed token without exp, or already expired, is a 401"""
    t = now(service)
    assert_401(me(client, forge({"sub": "alice", "iat": t})), "a token without exp")
    assert_401(me(client, forge({"sub": "alice", "iat": t - 900, "exp": t - 1})), "exp in the past")


@pytest.mark.weight(1)
def test_unknown_subject_401(client: httpx.Client, service: Any) -> None:
    """A validly signed token for a user that does not exist is a 401"""
    t = now(service)
    assert_401(me(client, forge({"sub": "ghost", "iat": t, "exp": t + 300})), "sub of no user")
    assert_401(me(client, forge({"iat": t, "exp": t + 300})), "a token without sub")


@pytest.mark.weight(2)
def test_settings_are_read_per_request(client: httpx.Client, service: Any) -> None:
    """Another secret and lifetime from get_settings are used by the next request"""
    login(client)  # a request with the first settings
    other_secret = "crucible-grader-other-secret-93d2e1f07a6b"
    service.use_settings(other_secret, 7)
    body = login(client, BOB)
    assert body.get("expires_in") == 7 * 60, (
        f"after the settings changed to 7-minute tokens: expected expires_in 420, "
        f"got {body.get('expires_in')!r}"
    )
    try:
        claims = jwt.decode(body["access_token"], other_secret, algorithms=["HS256"],
                            options={"verify_exp": False})
    except jwt.InvalidTokenError as exc:
        pytest.fail(f"the token is not signed with the secret get_settings now returns: {exc}")
    assert claims.get("exp") == claims.get("iat", 0) + 7 * 60, (
        f"expected exp = iat + 420, got iat {claims.get('iat')!r} and exp {claims.get('exp')!r}"
    )
    r = me(client, body["access_token"])
    assert r.status_code == 200, f"GET /users/me with the new token: expected 200, got {r.status_code}"
    t = now(service)
    assert_401(me(client, forge({"sub": "bob", "iat": t, "exp": t + 300})),
               "a token signed with the previous secret")
