"""Hidden tests: health check and typed path parameters (black box, over HTTP)."""

from __future__ import annotations

import httpx
import pytest
from crucible_checks import json_body

WIDGET = {"id": 1, "name": "Widget", "category": "tools", "price_cents": 499, "featured": True}
GADGET = {"id": 2, "name": "Gadget", "category": "tools", "price_cents": 1299, "featured": False}
YOYO = {"id": 3, "name": "Yo-yo", "category": "toys", "price_cents": 250, "featured": True}
KITE = {"id": 4, "name": "Kite", "category": "toys", "price_cents": 1500, "featured": False}
GUIDE = {
    "id": 7,
    "name": "FastAPI Field Guide",
    "category": "books",
    "price_cents": 3900,
    "featured": True,
}


def _assert_path_422(r: httpx.Response, param: str) -> None:
    """422 produced by FastAPI's own validation of the path parameter `param`."""
    assert r.status_code == 422, f"expected 422, got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    assert isinstance(body, dict) and isinstance(body.get("detail"), list), (
        f"expected FastAPI's validation body {{'detail': [...]}}, got {body!r}"
    )
    locs = [err.get("loc") for err in body["detail"]]
    assert ["path", param] in locs, (
        f"expected an error located at ['path', '{param}'] (a typed path parameter), got {locs}"
    )


@pytest.mark.weight(2)
def test_health_ok(client: httpx.Client) -> None:
    """Health check returns 200 with {"status": "ok"}"""
    r = client.get("/health")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert json_body(r) == {"status": "ok"}, f"expected {{'status': 'ok'}}, got {r.text[:200]}"


@pytest.mark.weight(3)
def test_known_item(client: httpx.Client) -> None:
    """A known item id returns 200 and the item"""
    for item in (WIDGET, GUIDE):
        r = client.get(f"/items/{item['id']}")
        assert r.status_code == 200, f"GET /items/{item['id']}: expected 200, got {r.status_code}"
        assert json_body(r) == item, f"GET /items/{item['id']}: expected {item}, got {r.text[:300]}"


@pytest.mark.weight(3)
def test_unknown_item_404(client: httpx.Client) -> None:
    """Unknown item id returns 404"""
    for item_id in (5, 999):
        r = client.get(f"/items/{item_id}")
        assert r.status_code == 404, f"GET /items/{item_id}: expected 404, got {r.status_code}"


@pytest.mark.weight(1)
def test_unknown_item_detail(client: httpx.Client) -> None:
    """The 404 body is {"detail": "Item not found"}"""
    r = client.get("/items/6")
    assert r.status_code == 404, f"expected 404, got {r.status_code}"
    assert json_body(r) == {"detail": "Item not found"}, f"got {r.text[:200]}"


@pytest.mark.weight(3)
def test_non_integer_id_422(client: httpx.Client) -> None:
    """A non-integer item id is rejected with 422"""
    for raw in ("abc", "1.5"):
        _assert_path_422(client.get(f"/items/{raw}"), "item_id")


@pytest.mark.weight(2)
def test_id_below_range_422(client: httpx.Client) -> None:
    """Item id 0 or negative is rejected with 422"""
    for raw in ("0", "-3"):
        _assert_path_422(client.get(f"/items/{raw}"), "item_id")


@pytest.mark.weight(1)
def test_id_upper_bound(client: httpx.Client) -> None:
    """Upper bound is inclusive: 1000000 is a 404, 1000001 is a 422"""
    r = client.get("/items/1000000")
    assert r.status_code == 404, (
        f"GET /items/1000000: expected 404 (in range, unknown), got {r.status_code}"
    )
    _assert_path_422(client.get("/items/1000001"), "item_id")


@pytest.mark.weight(2)
def test_featured_items(client: httpx.Client) -> None:
    """GET /items/featured lists the featured items in id order"""
    r = client.get("/items/featured")
    assert r.status_code == 200, (
        f"expected 200, got {r.status_code}: {r.text[:200]} "
        "(is /items/{item_id} declared before /items/featured?)"
    )
    assert json_body(r) == [WIDGET, YOYO, GUIDE], f"got {r.text[:400]}"


@pytest.mark.weight(2)
def test_category_items(client: httpx.Client) -> None:
    """GET /categories/{category}/items lists that category's items in id order"""
    expected = {"tools": [WIDGET, GADGET], "toys": [YOYO, KITE]}
    for category, items in expected.items():
        r = client.get(f"/categories/{category}/items")
        assert r.status_code == 200, f"{category}: expected 200, got {r.status_code}"
        assert json_body(r) == items, f"{category}: expected {items}, got {r.text[:400]}"


@pytest.mark.weight(1)
def test_empty_category(client: httpx.Client) -> None:
    """A valid category without items returns an empty list"""
    r = client.get("/categories/garden/items")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    assert json_body(r) == [], f"expected [], got {r.text[:200]}"


@pytest.mark.weight(2)
def test_unknown_category_422(client: httpx.Client) -> None:
    """An unknown category is rejected with 422"""
    for raw in ("food", "tool"):
        _assert_path_422(client.get(f"/categories/{raw}/items"), "category")
