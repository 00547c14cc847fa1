"""Hidden tests: sign-up validation with field and model validators (black box, over HTTP)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

MISMATCH = "passwords do not match"
CONTAINS = "password must not contain the username"


def _name(prefix: str = "u") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def _form(username: Any = None, **changes: Any) -> dict[str, Any]:
    username = _name() if username is None else username
    form = {"username": username, "email": f"{uuid.uuid4().hex[:8]}@example.com",
            "password": "correct1horse", "password_confirm": "correct1horse"}
    form.update(changes)
    if "password" in changes and "password_confirm" not in changes:
        form["password_confirm"] = changes["password"]
    return form


def _errors(r: httpx.Response, what: str) -> list[dict[str, Any]]:
    assert r.status_code == 422, f"{what}: expected 422, got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    assert isinstance(body, dict) and isinstance(body.get("detail"), list), (
        f"{what}: expected FastAPI's validation body {{'detail': [...]}}, got {body!r}"
    )
    return body["detail"]


def _assert_error_at(client: httpx.Client, form: dict[str, Any], loc: list[str], what: str) -> None:
    errors = _errors(client.post("/signup", json=form), what)
    locs = [e.get("loc") for e in errors]
    assert loc in locs, f"{what}: expected an error at {loc}, got {locs}"


def _assert_model_error(client: httpx.Client, form: dict[str, Any], text: str, what: str) -> None:
    errors = _errors(client.post("/signup", json=form), what)
    found = [e for e in errors if e.get("loc") == ["body"]]
    assert found, (
        f"{what}: expected a model-level error at ['body'], got locs {[e.get('loc') for e in errors]}"
    )
    assert any(text in str(e.get("msg", "")) for e in found), (
        f"{what}: expected a message containing {text!r}, got {[e.get('msg') for e in found]}"
    )


def _signup_ok(client: httpx.Client, form: dict[str, Any], what: str) -> dict[str, Any]:
    r = client.post("/signup", json=form)
    assert r.status_code == 201, f"{what}: expected 201, got {r.status_code}: {r.text[:300]}"
    return json_body(r)


@pytest.mark.weight(3)
def test_valid_signup_normalised(client: httpx.Client) -> None:
    """A valid form answers 201 with the normalised username and email, never the password"""
    name = _name("Ada")
    password = f"Secret{uuid.uuid4().hex[:6]}9x"
    form = {"username": f"  {name.upper()} ", "email": f" {name.upper()}@Example.COM ",
            "password": password, "password_confirm": password}
    account = _signup_ok(client, form, "padded, upper-case username and email")
    expected = {"username": name.lower(), "email": f"{name.lower()}@example.com"}
    assert isinstance(account, dict) and set(account) == {"id", "username", "email"}, (
        f"expected exactly id, username, email, got {account}"
    )
    assert {k: account[k] for k in expected} == expected, f"expected {expected}, got {account}"
    assert password not in str(account), "the response contains the password"


@pytest.mark.weight(1)
def test_duplicate_after_normalisation_409(client: httpx.Client) -> None:
    """The same username in another case or with spaces is already taken"""
    name = _name()
    _signup_ok(client, _form(name), "first sign-up")
    r = client.post("/signup", json=_form(f" {name.upper()}"))
    assert r.status_code == 409, f"expected 409, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == {"detail": "Username already taken"}, f"got {r.text[:200]}"


@pytest.mark.weight(2)
def test_username_rules(client: httpx.Client) -> None:
    """Malformed usernames are rejected at the username field"""
    for bad in ("ab", "x" * 21, "bad-name", "has space", "émile", 12345, ""):
        _assert_error_at(client, _form(bad), ["body", "username"], f"username {bad!r}")


@pytest.mark.weight(2)
def test_reserved_usernames(client: httpx.Client) -> None:
    """Reserved usernames are refused whatever their case or spacing"""
    for bad in ("admin", " Root ", "SUPPORT"):
        _assert_error_at(client, _form(bad), ["body", "username"], f"username {bad!r}")


@pytest.mark.weight(1)
def test_length_boundaries(client: httpx.Client) -> None:
    """3- and 20-character usernames and a 10-character password are valid"""
    short = f"z{uuid.uuid4().hex[:2]}"
    _signup_ok(client, _form(short), f"username {short!r}")
    long_name = _name("n")[:20]
    _signup_ok(client, _form(long_name), f"username {long_name!r} (20 characters)")
    _signup_ok(client, _form(password="abcdefgh12"), "password of 10 characters")


@pytest.mark.weight(1)
def test_email_rules(client: httpx.Client) -> None:
    """Malformed emails are rejected at the email field"""
    for bad in ("no-at-sign", "a@b", "a b@example.com", "a" * 250 + "@ex.io"):
        _assert_error_at(client, _form(email=bad), ["body", "email"], f"email {bad[:30]!r}")


@pytest.mark.weight(3)
def test_password_strength(client: httpx.Client) -> None:
    """Weak passwords are rejected at the password field"""
    for bad in ("short1", "onlyletters", "1234567890", "a1" * 65):
        _assert_error_at(client, _form(password=bad), ["body", "password"],
                         f"password {bad[:20]!r}")


@pytest.mark.weight(3)
def test_password_confirmation(client: httpx.Client) -> None:
    """A different confirmation is a model-level error: passwords do not match"""
    for confirm in ("correct1hors", "Correct1horse", "correct1horse "):
        _assert_model_error(client, _form(password_confirm=confirm), MISMATCH,
                            f"password_confirm {confirm!r}")


@pytest.mark.weight(2)
def test_password_contains_username(client: httpx.Client) -> None:
    """A password containing the username, in any case, is a model-level error"""
    name = _name("kim")
    password = f"xx{name.upper()}yy42"
    _assert_model_error(client, _form(f" {name} ", password=password), CONTAINS,
                        "password containing the username")
    r = client.post("/signup", json=_form(name, password="unrelated77pass"))
    assert r.status_code == 201, f"an unrelated password is fine: expected 201, got {r.status_code}"


@pytest.mark.weight(2)
def test_field_errors_come_first(client: httpx.Client) -> None:
    """With an invalid field and a mismatch, the field error is reported"""
    form = _form(password="weak", password_confirm="different")
    _assert_error_at(client, form, ["body", "password"], "short password and a mismatch")
    form = _form("ab", password="ab12345678", password_confirm="ab12345678")
    _assert_error_at(client, form, ["body", "username"], "short username contained in password")


@pytest.mark.weight(1)
def test_missing_fields(client: httpx.Client) -> None:
    """Each field is required"""
    for field in ("username", "email", "password", "password_confirm"):
        form = _form()
        del form[field]
        _assert_error_at(client, form, ["body", field], f"without {field}")
