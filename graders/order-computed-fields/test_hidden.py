"""Hidden tests: order quotes with validators and computed fields (black box, over HTTP)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import json_body

TOTAL_KEYS = ("total_before_discount", "discount", "delivery_fee", "total")


def item(product_id: int, quantity: int, unit_price: Any) -> dict[str, Any]:
    return {"product_id": product_id, "quantity": quantity, "unit_price": unit_price}


def order(items: list[dict[str, Any]], delivery: str = "standard", **extra: Any) -> dict[str, Any]:
    return {"items": items, "delivery_method": delivery, **extra}


def quote(client: httpx.Client, body: dict[str, Any], what: str) -> dict[str, Any]:
    r = client.post("/orders/quote", json=body)
    assert r.status_code == 200, f"{what}: expected 200, got {r.status_code}: {r.text[:300]}"
    result = json_body(r)
    assert isinstance(result, dict), f"{what}: expected a JSON object, got {r.text[:200]}"
    return result


def totals(result: dict[str, Any]) -> dict[str, Any]:
    return {key: result.get(key) for key in TOTAL_KEYS}


def assert_422(r: httpx.Response, what: str, loc: list[Any] | None = None) -> None:
    assert r.status_code == 422, f"{what}: expected 422, got {r.status_code}: {r.text[:300]}"
    body = json_body(r)
    assert isinstance(body, dict) and isinstance(body.get("detail"), list), (
        f"{what}: expected FastAPI's validation body {{'detail': [...]}}, got {r.text[:300]}"
    )
    if loc is not None:
        locs = [error.get("loc") for error in body["detail"] if isinstance(error, dict)]
        assert loc in locs, f"{what}: expected an error located at {loc}, got {locs}"


def post(client: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return client.post("/orders/quote", json=body)


@pytest.mark.weight(3)
def test_quote_with_computed_prices(client: httpx.Client) -> None:
    """A quote answers the order with its subtotals and totals"""
    body = order([item(1, 2, "19.99"), item(2, 1, "5.00")], discount_pct=0)
    result = quote(client, body, "standard order of 44.98")
    expected = {
        "items": [
            {"product_id": 1, "quantity": 2, "unit_price": "19.99", "subtotal": "39.98"},
            {"product_id": 2, "quantity": 1, "unit_price": "5.00", "subtotal": "5.00"},
        ],
        "discount_pct": 0,
        "delivery_method": "standard",
        "total_before_discount": "44.98",
        "discount": "0.00",
        "delivery_fee": "4.99",
        "total": "49.97",
    }
    assert result == expected, f"expected {expected}, got {result}"


@pytest.mark.weight(2)
def test_money_is_exact(client: httpx.Client) -> None:
    """Money is exact and always answered as a string with two decimals"""
    result = quote(client, order([item(7, 3, "0.10"), item(8, 1, 5)], "express"), "3 x 0.10 + 5")
    lines = [(line.get("unit_price"), line.get("subtotal")) for line in result.get("items", [])]
    assert lines == [("0.10", "0.30"), ("5.00", "5.00")], (
        f"expected unit prices and subtotals [('0.10', '0.30'), ('5.00', '5.00')], got {lines}"
    )
    expected = {
        "total_before_discount": "5.30",
        "discount": "0.00",
        "delivery_fee": "9.99",
        "total": "15.29",
    }
    assert totals(result) == expected, f"expected {expected}, got {totals(result)}"


@pytest.mark.weight(1)
def test_unit_price_as_json_number(client: httpx.Client) -> None:
    """A unit price sent as a JSON number is priced exactly too"""
    result = quote(client, order([item(9, 7, 1.15)], "express"), "7 x 1.15 sent as a number")
    line = result.get("items", [{}])[0]
    got = (line.get("unit_price"), line.get("subtotal"))
    assert got == ("1.15", "8.05"), f"expected ('1.15', '8.05'), got {got}"


@pytest.mark.weight(2)
def test_discount_rounds_half_up(client: httpx.Client) -> None:
    """The discount is rounded to the cent with halves rounded up"""
    result = quote(client, order([item(4, 1, "10.25")], "express", discount_pct=10), "10% of 10.25")
    expected = {
        "total_before_discount": "10.25",
        "discount": "1.03",
        "delivery_fee": "9.99",
        "total": "19.21",
    }
    assert totals(result) == expected, f"expected {expected}, got {totals(result)}"
    result = quote(client, order([item(4, 3, "33.33")], "express", discount_pct=15), "15% of 99.99")
    assert result.get("discount") == "15.00", (
        f"15% of 99.99 is 14.9985: expected the discount '15.00', got {result.get('discount')!r}"
    )


@pytest.mark.weight(2)
def test_free_standard_delivery_from_50(client: httpx.Client) -> None:
    """Standard delivery is free from 50.00 after the discount"""
    result = quote(client, order([item(3, 5, "10.00")]), "standard order of exactly 50.00")
    expected = {
        "total_before_discount": "50.00",
        "discount": "0.00",
        "delivery_fee": "0.00",
        "total": "50.00",
    }
    assert totals(result) == expected, (
        f"at exactly 50.00: expected {expected}, got {totals(result)}"
    )
    result = quote(
        client, order([item(3, 5, "11.00")], discount_pct=10), "55.00 with 10% off (49.50)"
    )
    expected = {
        "total_before_discount": "55.00",
        "discount": "5.50",
        "delivery_fee": "4.99",
        "total": "54.49",
    }
    assert totals(result) == expected, (
        f"55.00 - 10% = 49.50, below 50.00 after the discount: expected {expected}, "
        f"got {totals(result)}"
    )


@pytest.mark.weight(1)
def test_paid_delivery_fees(client: httpx.Client) -> None:
    """Express and next-day delivery cost 9.99 and 14.99 whatever the total"""
    for method, fee in (("express", "9.99"), ("next-day", "14.99")):
        result = quote(client, order([item(5, 2, "40.00")], method), f"{method} order of 80.00")
        assert result.get("delivery_fee") == fee, (
            f"{method}: expected the fee {fee!r}, got {result.get('delivery_fee')!r}"
        )
        expected_total = f"{80 + float(fee):.2f}"
        assert result.get("total") == expected_total, (
            f"{method}: expected the total {expected_total!r}, got {result.get('total')!r}"
        )


@pytest.mark.weight(2)
def test_next_day_minimum(client: httpx.Client) -> None:
    """Next-day delivery needs at least 50.00 before discount, checked by a model validator"""
    assert_422(
        post(client, order([item(6, 1, "49.99")], "next-day")),
        "next-day order of 49.99",
        loc=["body"],
    )
    result = quote(
        client,
        order([item(6, 2, "25.00")], "next-day", discount_pct=50),
        "next-day order of exactly 50.00 with 50% off",
    )
    expected = {
        "total_before_discount": "50.00",
        "discount": "25.00",
        "delivery_fee": "14.99",
        "total": "39.99",
    }
    assert totals(result) == expected, f"expected {expected}, got {totals(result)}"


@pytest.mark.weight(2)
def test_delivery_method(client: httpx.Client) -> None:
    """The delivery method ignores spaces and case; an unknown one is a 422"""
    result = quote(client, order([item(1, 1, "1.00")], " Express "), "delivery ' Express '")
    assert result.get("delivery_method") == "express", (
        f"expected ' Express ' answered as 'express', got {result.get('delivery_method')!r}"
    )
    assert result.get("delivery_fee") == "9.99", f"got {totals(result)}"
    result = quote(client, order([item(1, 2, "30.00")], "NEXT-DAY"), "delivery 'NEXT-DAY'")
    assert result.get("delivery_method") == "next-day", (
        f"expected 'NEXT-DAY' answered as 'next-day', got {result.get('delivery_method')!r}"
    )
    assert result.get("delivery_fee") == "14.99", f"got {totals(result)}"


@pytest.mark.weight(2)
def test_unknown_delivery_method(client: httpx.Client) -> None:
    """An unknown delivery method is a 422 located at delivery_method"""
    for method in ("drone", "", "next day"):
        assert_422(
            post(client, order([item(1, 1, "1.00")], method)),
            f"delivery method {method!r}",
            loc=["body", "delivery_method"],
        )


@pytest.mark.weight(2)
def test_unit_price_rules(client: httpx.Client) -> None:
    """A unit price must be positive money with at most two decimal places"""
    for price in ("19.999", "0", "0.00", "-1.00", "ten", "123456789.00"):
        assert_422(
            post(client, order([item(1, 1, price)], "express")),
            f"unit_price {price!r}",
            loc=["body", "items", 0, "unit_price"],
        )


@pytest.mark.weight(1)
def test_quantity_and_item_count(client: httpx.Client) -> None:
    """Product ids are positive, quantities stay within 1 to 1000, an order has 1 to 50 items"""
    assert_422(
        post(client, order([item(0, 1, "1.00")], "express")),
        "product_id 0",
        loc=["body", "items", 0, "product_id"],
    )
    for quantity in (0, 1001):
        assert_422(
            post(client, order([item(1, quantity, "1.00")], "express")),
            f"quantity {quantity}",
            loc=["body", "items", 0, "quantity"],
        )
    assert_422(post(client, order([], "express")), "no items", loc=["body", "items"])
    many = [item(n, 1, "1.00") for n in range(1, 52)]
    assert_422(post(client, order(many, "express")), "51 items", loc=["body", "items"])
    fifty = quote(client, order(many[:50], "express"), "50 items")
    assert fifty.get("total_before_discount") == "50.00", f"got {totals(fifty)}"


@pytest.mark.weight(1)
def test_product_once_per_order(client: httpx.Client) -> None:
    """A product may appear only once in an order"""
    body = order([item(1, 1, "1.00"), item(2, 1, "1.00"), item(1, 2, "1.00")], "express")
    assert_422(post(client, body), "product 1 twice", loc=["body", "items"])


@pytest.mark.weight(1)
def test_discount_bounds(client: httpx.Client) -> None:
    """The discount is a whole percentage from 0 to 100"""
    for pct in (-1, 101, 12.5):
        assert_422(
            post(client, order([item(1, 1, "1.00")], "express", discount_pct=pct)),
            f"discount_pct {pct}",
            loc=["body", "discount_pct"],
        )
    result = quote(client, order([item(1, 2, "30.00")], discount_pct=100), "100% off 60.00")
    expected = {
        "total_before_discount": "60.00",
        "discount": "60.00",
        "delivery_fee": "4.99",
        "total": "4.99",
    }
    assert totals(result) == expected, f"expected {expected}, got {totals(result)}"


@pytest.mark.weight(1)
def test_schema_documents_computed_fields(client: httpx.Client) -> None:
    """The response schema in /openapi.json documents the subtotal and the totals"""
    r = client.get("/openapi.json")
    assert r.status_code == 200, f"GET /openapi.json: expected 200, got {r.status_code}"
    schema = json_body(r)
    components = schema.get("components", {}).get("schemas", {})

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref", "")
        return components.get(ref.rsplit("/", 1)[-1], {}) if ref else node

    op = schema.get("paths", {}).get("/orders/quote", {}).get("post", {})
    response = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json")
    assert response, "POST /orders/quote documents no JSON 200 response"
    output = resolve(response.get("schema", {}))
    props = output.get("properties", {})
    missing = [key for key in TOTAL_KEYS if key not in props]
    assert not missing, f"the response schema lacks {missing}; it has {sorted(props)}"
    line = resolve(props.get("items", {}).get("items", {}))
    assert "subtotal" in line.get("properties", {}), (
        f"the response's item schema lacks subtotal; it has {sorted(line.get('properties', {}))}"
    )
