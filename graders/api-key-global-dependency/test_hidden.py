"""Hidden tests: API-key protection declared on routers, public routes left open (black box)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

ACME = "key_acme_4f9d2c71"  # write access
GLOBEX = "key_globex_8a1b7e05"  # read-only
INITECH = "key_initech_33c0d9aa"  # disabled

PROTECTED = [
    ("GET", "/v1/whoami", None),
    ("GET", "/v1/widgets", None),
    ("GET", "/v1/widgets/1", None),
    ("POST", "/v1/widgets", {"name": "Cog", "price_cents": 10}),
]


def key(value: str) -> dict[str, str]:
    return {"X-API-Key": value}


def call(
    client: httpx.Client, method: str, path: str, body: Any, headers: dict[str, str]
) -> httpx.Response:
    return client.request(method, path, json=body, headers=headers)


def assert_401(r: httpx.Response, what: str) -> None:
    assert r.status_code == 401, f"{what}: expected 401, got {r.status_code}: {r.text[:200]}"
    challenge = r.headers.get("WWW-Authenticate", "")
    assert challenge.startswith("APIKey"), (
        f"{what}: expected a WWW-Authenticate header 'APIKey', got {challenge!r}"
    )
    assert isinstance(json_body(r).get("detail"), str), f"{what}: expected {{'detail': '...'}}"


def new_widget() -> dict[str, Any]:
    return {"name": f"widget-{uuid.uuid4().hex[:10]}", "price_cents": 799}


def names(client: httpx.Client) -> list[str]:
    r = client.get("/v1/widgets", headers=key(ACME))
    assert r.status_code == 200, f"GET /v1/widgets with a valid key: got {r.status_code}"
    return [w.get("name") for w in json_body(r)]


@pytest.mark.weight(3)
def test_health_is_public(client: httpx.Client) -> None:
    """GET /health needs no API key and ignores a bad one"""
    for headers in ({}, key("not-a-key"), key(INITECH)):
        r = client.get("/health", headers=headers)
        assert r.status_code == 200, (
            f"GET /health with {headers}: expected 200, got {r.status_code}"
        )
        assert json_body(r) == {"status": "ok"}, f"GET /health: got {r.text[:200]}"


@pytest.mark.weight(2)
def test_docs_are_public(client: httpx.Client) -> None:
    """The interactive docs and the OpenAPI schema need no API key"""
    for path in ("/openapi.json", "/docs"):
        r = client.get(path)
        assert r.status_code == 200, f"GET {path} without a key: expected 200, got {r.status_code}"
    paths = json_body(client.get("/openapi.json")).get("paths", {})
    assert "/v1/widgets" in paths, f"expected /v1/widgets in the schema, got {sorted(paths)}"


@pytest.mark.weight(3)
def test_missing_key_401(client: httpx.Client) -> None:
    """Every /v1 route answers 401 with WWW-Authenticate when the key is missing or empty"""
    for method, path, body in PROTECTED:
        assert_401(call(client, method, path, body, {}), f"{method} {path} without a key")
        assert_401(call(client, method, path, body, key("")), f"{method} {path}, empty key")


@pytest.mark.weight(2)
def test_wrong_key_401(client: httpx.Client) -> None:
    """An unknown key, or a valid key sent elsewhere than X-API-Key, is a 401"""
    cases = {
        "unknown key": (key("key_acme_00000000"), {}),
        "key as Bearer token": ({"Authorization": f"Bearer {ACME}"}, {}),
        "key in the query string": ({}, {"api_key": ACME}),
    }
    for what, (headers, params) in cases.items():
        for path in ("/v1/widgets", "/v1/whoami"):
            r = client.get(path, headers=headers, params=params)
            assert_401(r, f"GET {path}, {what}")


@pytest.mark.weight(2)
def test_disabled_key_401(client: httpx.Client) -> None:
    """A disabled key is refused like an unknown one"""
    for method, path, body in PROTECTED:
        assert_401(call(client, method, path, body, key(INITECH)), f"{method} {path}, disabled key")


@pytest.mark.weight(2)
def test_whoami(client: httpx.Client) -> None:
    """GET /v1/whoami names the client that owns the key"""
    expected = {
        ACME: {"client": "acme", "access": "write"},
        GLOBEX: {"client": "globex", "access": "read"},
    }
    for value, body in expected.items():
        r = client.get("/v1/whoami", headers=key(value))
        assert r.status_code == 200, f"GET /v1/whoami: expected 200, got {r.status_code}"
        assert json_body(r) == body, f"GET /v1/whoami: expected {body}, got {r.text[:200]}"


@pytest.mark.weight(2)
def test_read_key_reads(client: httpx.Client) -> None:
    """A read-only key lists and fetches widgets; an unknown widget is a 404"""
    r = client.get("/v1/widgets", headers=key(GLOBEX))
    assert r.status_code == 200, f"GET /v1/widgets: expected 200, got {r.status_code}"
    ids = [w.get("id") for w in json_body(r)]
    assert 1 in ids and ids == sorted(ids), f"expected widgets sorted by id, got ids {ids}"
    r = client.get("/v1/widgets/1", headers=key(GLOBEX))
    assert r.status_code == 200, f"GET /v1/widgets/1: expected 200, got {r.status_code}"
    expected = {"id": 1, "name": "Sprocket", "price_cents": 250, "created_by": "acme"}
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:200]}"
    r = client.get("/v1/widgets/424242", headers=key(GLOBEX))
    assert r.status_code == 404, f"GET an unknown widget: expected 404, got {r.status_code}"
    assert json_body(r) == {"detail": "Widget not found"}, f"404 body: got {r.text[:200]}"


@pytest.mark.weight(2)
def test_write_key_creates(client: httpx.Client) -> None:
    """A write key creates a widget (201) recorded with the client's name"""
    body = new_widget()
    r = client.post("/v1/widgets", json=body, headers=key(ACME))
    assert r.status_code == 201, f"POST /v1/widgets: expected 201, got {r.status_code}: {r.text}"
    widget = json_body(r)
    assert widget.get("name") == body["name"] and widget.get("price_cents") == 799, (
        f"expected the new widget back, got {widget}"
    )
    assert widget.get("created_by") == "acme", f"expected created_by 'acme', got {widget}"
    r = client.get(f"/v1/widgets/{widget.get('id')}", headers=key(GLOBEX))
    assert r.status_code == 200 and json_body(r) == widget, (
        f"GET the new widget: expected 200 {widget}, got {r.status_code} {r.text[:200]}"
    )


@pytest.mark.weight(2)
def test_read_only_key_cannot_write(client: httpx.Client) -> None:
    """A read-only key gets 403 on POST and creates nothing"""
    body = new_widget()
    r = client.post("/v1/widgets", json=body, headers=key(GLOBEX))
    assert r.status_code == 403, f"POST with a read-only key: expected 403, got {r.status_code}"
    assert isinstance(json_body(r).get("detail"), str), (
        f"expected {{'detail': '...'}}, got {r.text}"
    )
    assert body["name"] not in names(client), "a forbidden POST still created the widget"


@pytest.mark.weight(2)
def test_key_checked_before_validation(client: httpx.Client) -> None:
    """The key is checked before the request is validated (401/403 before 422)"""
    bad = {"name": "", "price_cents": -1}
    assert_401(client.post("/v1/widgets", json=bad), "POST an invalid body without a key")
    assert_401(client.get("/v1/widgets/abc"), "GET /v1/widgets/abc without a key")
    r = client.post("/v1/widgets", json=bad, headers=key(GLOBEX))
    assert r.status_code == 403, (
        f"POST an invalid body with a read-only key: expected 403, got {r.status_code}"
    )


@pytest.mark.weight(1)
def test_invalid_widget_422(client: httpx.Client) -> None:
    """An invalid widget from a write key is a 422"""
    bodies = [
        {"name": "", "price_cents": 1},
        {"name": "x" * 101, "price_cents": 1},
        {"name": "x", "price_cents": -1},
        {"name": "x"},
    ]
    for body in bodies:
        r = client.post("/v1/widgets", json=body, headers=key(ACME))
        assert r.status_code == 422, f"POST {str(body)[:60]}: expected 422, got {r.status_code}"
    r = client.post("/v1/widgets", json={"name": "x" * 100, "price_cents": 0}, headers=key(ACME))
    assert r.status_code == 201, (
        f"a 100-character name and price 0: expected 201, got {r.status_code}"
    )
