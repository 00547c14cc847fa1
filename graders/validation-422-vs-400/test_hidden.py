"""Hidden tests: a documented 422 format and business-rule 400s (black box, over HTTP).

Only `type`, `location` and `field` of each error item are compared, never the `message`
wording (pydantic's messages change between releases: seed erratum E07).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import json_body

ITEM_KEYS = {"location", "field", "type", "message"}


def quote(client: httpx.Client, body: Any) -> httpx.Response:
    return client.post("/quotes", json=body)


def envelope(r: httpx.Response, status: int, code: str) -> list[dict[str, Any]]:
    """Check status and envelope; return the error items."""
    assert r.status_code == status, f"expected {status}, got {r.status_code}: {r.text[:400]}"
    body = json_body(r)
    assert isinstance(body, dict), f"expected a JSON object, got {r.text[:300]}"
    keys = set(body)
    assert keys == {"error", "message", "errors"}, (
        f"expected exactly the keys error, message, errors; got {sorted(keys)}: {r.text[:300]}"
    )
    assert body["error"] == code, f"expected error {code!r}, got {body['error']!r}"
    assert isinstance(body["message"], str), f"message should be a string, got {body['message']!r}"
    items = body["errors"]
    assert isinstance(items, list) and items, f"expected a non-empty errors list, got {items!r}"
    for item in items:
        assert isinstance(item, dict) and set(item) == ITEM_KEYS, (
            f"each error item has exactly {sorted(ITEM_KEYS)}, got {item!r}"
        )
        assert isinstance(item["message"], str), f"message should be a string in {item!r}"
    return items


def triples(items: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(i["location"], i["field"], i["type"]) for i in items}


def assert_contains(items: list[dict[str, Any]], *expected: tuple[str, str, str]) -> None:
    got = triples(items)
    missing = [e for e in expected if e not in got]
    assert not missing, f"expected error items (location, field, type) {missing}, got {sorted(got)}"


# --- the happy path -------------------------------------------------------------------------


@pytest.mark.weight(1)
def test_valid_quote(client: httpx.Client) -> None:
    """A valid request is priced: 200 with lines, subtotal, discount and total"""
    r = quote(
        client,
        {
            "items": [{"sku": "PEN-001", "quantity": 3}, {"sku": "INK-002", "quantity": 20}],
            "coupon": "SAVE10",
        },
    )
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:300]}"
    body = json_body(r)
    expected = {"subtotal_cents": 18430, "discount_cents": 1843, "total_cents": 16587}
    got = {k: body.get(k) for k in expected}
    assert got == expected, f"expected {expected}, got {got}"
    assert [line.get("line_total_cents") for line in body.get("lines", [])] == [450, 17980], (
        f"unexpected lines: {body.get('lines')}"
    )


# --- 422 -------------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_type_error_uses_the_format(client: httpx.Client) -> None:
    """A wrongly typed field is a 422 in the documented format, located at the field"""
    r = quote(client, {"items": [{"sku": "PEN-001", "quantity": "two"}]})
    items = envelope(r, 422, "VALIDATION_ERROR")
    assert triples(items) == {("body", "items.0.quantity", "int_parsing")}, (
        f"expected exactly one item ('body', 'items.0.quantity', 'int_parsing'), "
        f"got {sorted(triples(items))}"
    )


@pytest.mark.weight(2)
def test_every_validation_error_is_listed(client: httpx.Client) -> None:
    """Every validation error of a request is listed, with its nested field path"""
    r = quote(
        client,
        {"items": [{"sku": "PEN-001", "quantity": 1}, {"sku": "pen-1", "quantity": 0}]},
    )
    items = envelope(r, 422, "VALIDATION_ERROR")
    assert_contains(
        items,
        ("body", "items.1.sku", "string_pattern_mismatch"),
        ("body", "items.1.quantity", "greater_than_equal"),
    )
    assert len(items) == 2, f"expected 2 error items, got {len(items)}: {items}"


@pytest.mark.weight(2)
def test_custom_validator_error(client: httpx.Client) -> None:
    """An error raised by the coupon validator is a 422 in the format, not a 500"""
    r = quote(client, {"items": [{"sku": "PEN-001", "quantity": 1}], "coupon": "save-10%"})
    assert r.status_code != 500, (
        "got 500: is exc.errors() passed to JSONResponse as it is? Its 'ctx' can hold the "
        "ValueError object, which is not JSON"
    )
    items = envelope(r, 422, "VALIDATION_ERROR")
    assert triples(items) == {("body", "coupon", "value_error")}, (
        f"expected ('body', 'coupon', 'value_error'), got {sorted(triples(items))}"
    )


@pytest.mark.weight(2)
def test_input_values_are_not_echoed(client: httpx.Client) -> None:
    """Validation errors never echo the submitted values back"""
    secret = "tok_live_4c9d8e7f6a5b"
    r = quote(
        client,
        {"items": [{"sku": secret, "quantity": f"qty-{secret}"}], "coupon": f"X-{secret}"},
    )
    envelope(r, 422, "VALIDATION_ERROR")
    assert secret not in r.text, f"the submitted value {secret!r} appears in the 422 body"


@pytest.mark.weight(1)
def test_whole_body_errors(client: httpx.Client) -> None:
    """A missing body is one error with an empty field; item-count errors are at 'items'"""
    r = client.post("/quotes")
    items = envelope(r, 422, "VALIDATION_ERROR")
    assert triples(items) == {("body", "", "missing")}, (
        f"missing body: expected ('body', '', 'missing'), got {sorted(triples(items))}"
    )
    r = quote(client, {"items": []})
    items = envelope(r, 422, "VALIDATION_ERROR")
    assert triples(items) == {("body", "items", "too_short")}, (
        f"empty items: expected ('body', 'items', 'too_short'), got {sorted(triples(items))}"
    )
    r = quote(client, {"items": [{"sku": "PEN-001", "quantity": 1}] * 21})
    items = envelope(r, 422, "VALIDATION_ERROR")
    assert triples(items) == {("body", "items", "too_long")}, (
        f"21 items: expected ('body', 'items', 'too_long'), got {sorted(triples(items))}"
    )


@pytest.mark.weight(2)
def test_query_and_path_errors_use_the_format(client: httpx.Client) -> None:
    """Query and path parameter errors use the same format with their location"""
    r = client.get("/products", params={"max_price_cents": "-5"})
    items = envelope(r, 422, "VALIDATION_ERROR")
    assert triples(items) == {("query", "max_price_cents", "greater_than_equal")}, (
        f"query: got {sorted(triples(items))}"
    )
    r = client.get("/products/pen-1")
    items = envelope(r, 422, "VALIDATION_ERROR")
    assert triples(items) == {("path", "sku", "string_pattern_mismatch")}, (
        f"path: got {sorted(triples(items))}"
    )


@pytest.mark.weight(1)
def test_products_still_work(client: httpx.Client) -> None:
    """The product routes keep working: filter by price and fetch one product"""
    r = client.get("/products", params={"max_price_cents": 150})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:200]}"
    skus = sorted(p.get("sku") for p in json_body(r))
    assert skus == ["CLP-004", "PEN-001"], (
        f"max_price_cents=150: expected CLP-004, PEN-001, got {skus}"
    )
    r = client.get("/products/INK-002")
    expected = {"sku": "INK-002", "name": "Ink cartridge", "price_cents": 899, "stock": 20}
    assert r.status_code == 200 and json_body(r) == expected, (
        f"expected {expected}, got {r.text[:200]}"
    )


@pytest.mark.weight(1)
def test_other_errors_keep_their_shape(client: httpx.Client) -> None:
    """An unknown product is still a plain 404 with detail"""
    r = client.get("/products/ZZZ-999")
    assert r.status_code == 404, f"expected 404, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == {"detail": "Product not found"}, f"got {r.text[:200]}"


# --- 400 -------------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_unknown_sku_is_a_business_400(client: httpx.Client) -> None:
    """A well-formed but unknown SKU is a 400 business-rule error at its field"""
    r = quote(
        client, {"items": [{"sku": "PEN-001", "quantity": 1}, {"sku": "XYZ-999", "quantity": 1}]}
    )
    assert r.status_code != 500, "got 500 for an unknown SKU (a KeyError?)"
    items = envelope(r, 400, "BUSINESS_RULE_VIOLATION")
    assert triples(items) == {("body", "items.1.sku", "unknown_sku")}, (
        f"expected ('body', 'items.1.sku', 'unknown_sku'), got {sorted(triples(items))}"
    )


@pytest.mark.weight(2)
def test_insufficient_stock_400(client: httpx.Client) -> None:
    """Asking for more than the stock is a 400; exactly the stock is fine"""
    r = quote(client, {"items": [{"sku": "INK-002", "quantity": 21}]})
    items = envelope(r, 400, "BUSINESS_RULE_VIOLATION")
    assert triples(items) == {("body", "items.0.quantity", "insufficient_stock")}, (
        f"expected ('body', 'items.0.quantity', 'insufficient_stock'), got {sorted(triples(items))}"
    )
    r = quote(client, {"items": [{"sku": "PAD-003", "quantity": 1}]})
    items = envelope(r, 400, "BUSINESS_RULE_VIOLATION")
    assert triples(items) == {("body", "items.0.quantity", "insufficient_stock")}, (
        f"out-of-stock product: got {sorted(triples(items))}"
    )
    r = quote(client, {"items": [{"sku": "INK-002", "quantity": 20}]})
    assert r.status_code == 200, (
        f"a quantity equal to the stock: expected 200, got {r.status_code}: {r.text[:200]}"
    )


@pytest.mark.weight(1)
def test_unknown_coupon_400(client: httpx.Client) -> None:
    """A well-formed but unknown coupon is a 400 at the coupon field"""
    r = quote(client, {"items": [{"sku": "CLP-004", "quantity": 2}], "coupon": "WINTER99"})
    items = envelope(r, 400, "BUSINESS_RULE_VIOLATION")
    assert triples(items) == {("body", "coupon", "invalid_coupon")}, (
        f"expected ('body', 'coupon', 'invalid_coupon'), got {sorted(triples(items))}"
    )


@pytest.mark.weight(2)
def test_all_business_violations_are_listed(client: httpx.Client) -> None:
    """Every business-rule violation of a request is listed, not just the first"""
    r = quote(
        client,
        {
            "items": [
                {"sku": "ABC-123", "quantity": 1},
                {"sku": "PEN-001", "quantity": 2},
                {"sku": "INK-002", "quantity": 50},
            ],
            "coupon": "NOPE2024",
        },
    )
    items = envelope(r, 400, "BUSINESS_RULE_VIOLATION")
    expected = {
        ("body", "items.0.sku", "unknown_sku"),
        ("body", "items.2.quantity", "insufficient_stock"),
        ("body", "coupon", "invalid_coupon"),
    }
    assert triples(items) == expected, f"expected {sorted(expected)}, got {sorted(triples(items))}"


@pytest.mark.weight(1)
def test_schema_errors_come_before_business_rules(client: httpx.Client) -> None:
    """A request that is both malformed and breaks a rule is a 422"""
    r = quote(client, {"items": [{"sku": "XYZ-999", "quantity": 500}]})
    items = envelope(r, 422, "VALIDATION_ERROR")
    assert triples(items) == {("body", "items.0.quantity", "less_than_equal")}, (
        f"expected ('body', 'items.0.quantity', 'less_than_equal'), got {sorted(triples(items))}"
    )
