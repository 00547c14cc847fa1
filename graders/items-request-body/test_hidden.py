"""Hidden tests: JSON request bodies with Pydantic and a dataclass (black box, over HTTP)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

UNKNOWN_ID = 987_654_321


def _name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def _create(client: httpx.Client, **fields: Any) -> dict[str, Any]:
    body = {"name": _name("Lamp"), "price": 35.5, **fields}
    r = client.post("/items", json=body)
    # Setup only: the status code itself is checked by test_create_full_item.
    assert r.status_code in (200, 201), (
        f"POST /items {body}: expected 201, got {r.status_code}: {r.text[:200]}"
    )
    item = json_body(r)
    assert isinstance(item, dict) and isinstance(item.get("id"), int), (
        f"POST /items: expected an Item with an integer id, got {r.text[:200]}"
    )
    return item


def _assert_422_at(r: httpx.Response, loc: list[str], what: str) -> None:
    assert r.status_code == 422, f"{what}: expected 422, got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    assert isinstance(body, dict) and isinstance(body.get("detail"), list), (
        f"{what}: expected FastAPI's validation body {{'detail': [...]}}, got {body!r}"
    )
    locs = [err.get("loc") for err in body["detail"]]
    assert loc in locs, f"{what}: expected an error at {loc}, got {locs}"


def _stored(client: httpx.Client, item_id: int) -> dict[str, Any]:
    r = client.get(f"/items/{item_id}")
    assert r.status_code == 200, f"GET /items/{item_id}: expected 200, got {r.status_code}"
    return json_body(r)


@pytest.mark.weight(3)
def test_create_full_item(client: httpx.Client) -> None:
    """POST /items answers 201 with every field, and stores the item"""
    name = _name("Desk Lamp")
    sent = {"name": name, "price": 35.5, "tags": ["office", "light"], "description": "LED"}
    r = client.post("/items", json=sent)
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    item = json_body(r)
    assert isinstance(item, dict) and isinstance(item.get("id"), int), f"got {r.text[:200]}"
    assert item == {**sent, "id": item["id"]}, f"expected {sent} plus an id, got {item}"
    assert _stored(client, item["id"]) == item, "GET after POST: the stored item differs"


@pytest.mark.weight(2)
def test_create_defaults(client: httpx.Client) -> None:
    """Optional fields default to an empty tag list and a null description"""
    item = _create(client)
    assert item.get("tags") == [] and "description" in item and item["description"] is None, (
        f"expected tags [] and description null, got {item}"
    )


@pytest.mark.weight(3)
def test_create_invalid_422(client: httpx.Client) -> None:
    """Invalid item bodies are rejected with 422 at the offending field"""
    cases = [
        ({"price": 5}, ["body", "name"]),
        ({"name": "", "price": 5}, ["body", "name"]),
        ({"name": "x" * 51, "price": 5}, ["body", "name"]),
        ({"name": "Lamp"}, ["body", "price"]),
        ({"name": "Lamp", "price": "cheap"}, ["body", "price"]),
        ({"name": "Lamp", "price": 5, "tags": "office"}, ["body", "tags"]),
        ({"name": "Lamp", "price": 5, "tags": ["a", "b", "c", "d", "e", "f"]}, ["body", "tags"]),
    ]
    for body, loc in cases:
        _assert_422_at(client.post("/items", json=body), loc, f"POST /items {body}")


@pytest.mark.weight(2)
def test_price_must_be_positive(client: httpx.Client) -> None:
    """A price of 0 or below is rejected; five tags and 50 characters are accepted"""
    for price in (0, -1.5):
        r = client.post("/items", json={"name": "Lamp", "price": price})
        _assert_422_at(r, ["body", "price"], f"POST /items price={price}")
    _create(client, name="x" * 50, price=0.01, tags=["a", "b", "c", "d", "e"])


@pytest.mark.weight(3)
def test_put_replaces_item(client: httpx.Client) -> None:
    """PUT replaces every field, missing ones taking their defaults"""
    item = _create(client, tags=["old"], description="old text")
    new_name = _name("Floor Lamp")
    r = client.put(f"/items/{item['id']}", json={"name": new_name, "price": 60})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    expected = {"id": item["id"], "name": new_name, "price": 60, "tags": [],
                "description": None}
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:300]}"
    assert _stored(client, item["id"]) == expected, "GET after PUT: the change was not stored"


@pytest.mark.weight(2)
def test_put_dry_run_does_not_store(client: httpx.Client) -> None:
    """PUT with dry_run=true shows the result but stores nothing"""
    item = _create(client)
    sent = {"name": _name("Preview"), "price": 1.25, "tags": ["x"]}
    r = client.put(f"/items/{item['id']}", params={"dry_run": "true"}, json=sent)
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    expected = {**sent, "description": None, "id": item["id"]}
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:300]}"
    assert _stored(client, item["id"]) == item, "dry_run=true: the item was changed anyway"
    r = client.put(f"/items/{item['id']}", params={"dry_run": "false"}, json=sent)
    assert r.status_code == 200 and _stored(client, item["id"]) == expected, (
        "dry_run=false: expected the item to be replaced"
    )


@pytest.mark.weight(2)
def test_put_errors(client: httpx.Client) -> None:
    """PUT answers 404 for an unknown item and 422 for an invalid body, storing nothing"""
    r = client.put(f"/items/{UNKNOWN_ID}", json={"name": "Lamp", "price": 5})
    assert r.status_code == 404, f"unknown id: expected 404, got {r.status_code}"
    assert json_body(r) == {"detail": "Item not found"}, f"got {r.text[:200]}"
    item = _create(client)
    r = client.put(f"/items/{item['id']}", json={"name": "Lamp", "price": 0})
    _assert_422_at(r, ["body", "price"], "PUT with price 0")
    r = client.put(f"/items/{item['id']}", json={"item": {"name": "Lamp", "price": 5}})
    _assert_422_at(r, ["body", "name"], "PUT with a wrapped body {'item': {...}}")
    assert _stored(client, item["id"]) == item, "a rejected PUT changed the item"


@pytest.mark.weight(3)
def test_patch_price(client: httpx.Client) -> None:
    """PATCH /items/{id}/price with {"price": ...} changes only the price"""
    item = _create(client, tags=["keep"], description="keep me")
    r = client.patch(f"/items/{item['id']}/price", json={"price": 12.5})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:300]}"
    expected = {**item, "price": 12.5}
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:300]}"
    assert _stored(client, item["id"]) == expected, "GET after PATCH: the price was not stored"


@pytest.mark.weight(2)
def test_patch_price_errors(client: httpx.Client) -> None:
    """PATCH price answers 422 for a bad price and 404 for an unknown item"""
    item = _create(client)
    for bad in (0, -3, "free"):
        r = client.patch(f"/items/{item['id']}/price", json={"price": bad})
        _assert_422_at(r, ["body", "price"], f"PATCH price={bad!r}")
    r = client.patch(f"/items/{item['id']}/price", json={})
    _assert_422_at(r, ["body", "price"], "PATCH without price")
    assert _stored(client, item["id"]) == item, "a rejected PATCH changed the item"
    r = client.patch(f"/items/{UNKNOWN_ID}/price", json={"price": 3})
    assert r.status_code == 404, f"unknown id: expected 404, got {r.status_code}"


@pytest.mark.weight(2)
def test_shipping_quote(client: httpx.Client) -> None:
    """A dataclass body is read and priced, express included"""
    cases = [
        ({"weight_kg": 2.2}, 850),
        ({"weight_kg": 30}, 4900),
        ({"weight_kg": 0.1, "express": True}, 1100),
        ({"weight_kg": 3, "express": False}, 850),
    ]
    for body, cost in cases:
        r = client.post("/shipping/quote", json=body)
        assert r.status_code == 200, f"{body}: expected 200, got {r.status_code}: {r.text[:200]}"
        assert json_body(r) == {"cost_cents": cost}, f"{body}: expected {cost}, got {r.text[:200]}"


@pytest.mark.weight(3)
def test_shipping_quote_validated(client: httpx.Client) -> None:
    """The dataclass body is validated: bad weights are rejected with 422"""
    cases = [
        ({}, ["body", "weight_kg"]),
        ({"weight_kg": "heavy"}, ["body", "weight_kg"]),
        ({"weight_kg": 0}, ["body", "weight_kg"]),
        ({"weight_kg": -1}, ["body", "weight_kg"]),
        ({"weight_kg": 30.5}, ["body", "weight_kg"]),
        ({"weight_kg": 1, "express": "maybe"}, ["body", "express"]),
    ]
    for body, loc in cases:
        _assert_422_at(client.post("/shipping/quote", json=body), loc, f"POST /shipping/quote {body}")
