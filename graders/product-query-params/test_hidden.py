"""Hidden tests: filtering and pagination with query parameters (black box, over HTTP)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import json_body

KNIFE = {"id": 1, "name": "Chef Knife", "category": "kitchen", "price_cents": 4500,
         "in_stock": True}


def _page(client: httpx.Client, **params: object) -> dict[str, Any]:
    r = client.get("/products", params=params)
    assert r.status_code == 200, f"GET /products {params}: expected 200, got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    assert isinstance(body, dict) and {"items", "total", "page", "limit"} <= body.keys(), (
        f"GET /products {params}: expected a ProductPage, got {r.text[:300]}"
    )
    return body


def _ids(body: dict[str, Any]) -> list[int]:
    return [p["id"] for p in body["items"]]


def _assert_query_422(client: httpx.Client, param: str, **params: object) -> None:
    r = client.get("/products", params=params)
    assert r.status_code == 422, f"GET /products {params}: expected 422, got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    assert isinstance(body, dict) and isinstance(body.get("detail"), list), (
        f"expected FastAPI's validation body {{'detail': [...]}}, got {body!r}"
    )
    locs = [err.get("loc") for err in body["detail"]]
    assert ["query", param] in locs, (
        f"GET /products {params}: expected an error at ['query', '{param}'], got {locs}"
    )


@pytest.mark.weight(2)
def test_defaults(client: httpx.Client) -> None:
    """Without parameters, the defaults page 1 and limit 5 apply"""
    body = _page(client)
    assert _ids(body) == [1, 2, 3, 4, 5], f"expected ids [1..5], got {_ids(body)}"
    assert body["total"] == 12, f"expected total 12, got {body['total']}"
    assert (body["page"], body["limit"]) == (1, 5), (
        f"expected page 1, limit 5, got page {body['page']}, limit {body['limit']}"
    )
    assert body["items"][0] == KNIFE, f"expected {KNIFE}, got {body['items'][0]}"


@pytest.mark.weight(3)
def test_pages_follow_each_other(client: httpx.Client) -> None:
    """Consecutive pages neither skip nor repeat products"""
    expected = {1: [1, 2, 3, 4], 2: [5, 6, 7, 8], 3: [9, 10, 11, 12]}
    for page, ids in expected.items():
        body = _page(client, page=page, limit=4)
        assert _ids(body) == ids, f"page={page}&limit=4: expected ids {ids}, got {_ids(body)}"
        assert (body["page"], body["limit"], body["total"]) == (page, 4, 12), (
            f"page={page}&limit=4: expected page {page}, limit 4, total 12, got {body['page']}, "
            f"{body['limit']}, {body['total']}"
        )


@pytest.mark.weight(1)
def test_last_partial_and_past_the_end(client: httpx.Client) -> None:
    """A partial last page, then an empty page past the end (still 200)"""
    body = _page(client, page=3, limit=5)
    assert _ids(body) == [11, 12], f"page=3&limit=5: expected ids [11, 12], got {_ids(body)}"
    body = _page(client, page=4, limit=5)
    assert _ids(body) == [] and body["total"] == 12, (
        f"page=4&limit=5: expected no items and total 12, got {_ids(body)}, total {body['total']}"
    )


@pytest.mark.weight(2)
def test_limit_bounds_inclusive(client: httpx.Client) -> None:
    """limit accepts 1 and 20"""
    body = _page(client, limit=1, page=2)
    assert _ids(body) == [2], f"limit=1&page=2: expected ids [2], got {_ids(body)}"
    body = _page(client, limit=20)
    assert _ids(body) == list(range(1, 13)), f"limit=20: expected all 12 ids, got {_ids(body)}"


@pytest.mark.weight(3)
def test_bad_pagination_422(client: httpx.Client) -> None:
    """Out-of-range or non-integer page and limit are rejected with 422"""
    _assert_query_422(client, "page", page=0)
    _assert_query_422(client, "page", page=-2)
    _assert_query_422(client, "page", page="abc")
    _assert_query_422(client, "limit", limit=0)
    _assert_query_422(client, "limit", limit=21)


@pytest.mark.weight(2)
def test_category_filter_with_pagination(client: httpx.Client) -> None:
    """Category filter is applied before pagination, and total counts all matches"""
    body = _page(client, category="kitchen", limit=2, page=3)
    assert _ids(body) == [11], f"category=kitchen&limit=2&page=3: expected [11], got {_ids(body)}"
    assert body["total"] == 5, f"category=kitchen: expected total 5, got {body['total']}"
    body = _page(client, category="garden")
    assert _ids(body) == [3, 6, 9, 12], f"category=garden: expected [3, 6, 9, 12], got {_ids(body)}"


@pytest.mark.weight(2)
def test_unknown_category_422(client: httpx.Client) -> None:
    """An unknown category is rejected with 422"""
    _assert_query_422(client, "category", category="toys")
    _assert_query_422(client, "category", category="Kitchen")


@pytest.mark.weight(2)
def test_price_range_inclusive(client: httpx.Client) -> None:
    """min_price and max_price are inclusive bounds"""
    body = _page(client, min_price=1500, max_price=2400)
    assert _ids(body) == [2, 6, 9, 12], (
        f"min_price=1500&max_price=2400: expected [2, 6, 9, 12], got {_ids(body)}"
    )
    body = _page(client, min_price=3500)
    assert _ids(body) == [1, 4], f"min_price=3500: expected [1, 4], got {_ids(body)}"


@pytest.mark.weight(2)
def test_zero_and_false_filters_apply(client: httpx.Client) -> None:
    """A filter given as 0 or false still filters"""
    body = _page(client, max_price=0)
    assert _ids(body) == [] and body["total"] == 0, (
        f"max_price=0: expected no products, got {_ids(body)} (total {body['total']})"
    )
    body = _page(client, in_stock="false")
    assert _ids(body) == [3, 5, 9] and body["total"] == 3, (
        f"in_stock=false: expected [3, 5, 9], got {_ids(body)} (total {body['total']})"
    )


@pytest.mark.weight(1)
def test_in_stock_true(client: httpx.Client) -> None:
    """in_stock=true lists only products in stock"""
    body = _page(client, in_stock="true", limit=20)
    expected = [1, 2, 4, 6, 7, 8, 10, 11, 12]
    assert _ids(body) == expected, f"in_stock=true: expected {expected}, got {_ids(body)}"


@pytest.mark.weight(2)
def test_search_is_case_insensitive(client: httpx.Client) -> None:
    """q matches names case-insensitively"""
    for q in ("KIT", "kit"):
        body = _page(client, q=q)
        assert _ids(body) == [8, 12], f"q={q}: expected [8, 12], got {_ids(body)}"


@pytest.mark.weight(2)
def test_bad_filters_422(client: httpx.Client) -> None:
    """A negative price or a q of the wrong length is rejected with 422"""
    _assert_query_422(client, "min_price", min_price=-1)
    _assert_query_422(client, "max_price", max_price=-5)
    _assert_query_422(client, "q", q="a")
    _assert_query_422(client, "q", q="x" * 41)
    body = _page(client, q="x" * 40)
    assert body["total"] == 0, f"q of 40 characters is valid: expected total 0, got {body['total']}"


@pytest.mark.weight(2)
def test_filters_combine(client: httpx.Client) -> None:
    """Several filters combine with AND"""
    body = _page(client, category="kitchen", in_stock="true", max_price=2000)
    assert _ids(body) == [2, 11], (
        f"category=kitchen&in_stock=true&max_price=2000: expected [2, 11], got {_ids(body)}"
    )
    body = _page(client, min_price=3000, max_price=1000)
    assert _ids(body) == [] and body["total"] == 0, (
        f"min_price above max_price: expected 200 with no products, got {_ids(body)}"
    )
