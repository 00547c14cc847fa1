"""Hidden tests: cache-aside TTL cache in front of a slow upstream (black box, over HTTP).

overrides.py replaces `get_upstream` with a client of the grader's upstream (service.py: the
catalog and the count of calls live in the grader's process), `get_clock` with a clock the
grader keeps (moved only by the tests), and gives each test a fresh `Cache()`; the `service`
fixture resets the catalog, the count, the clock and the cache, so tests are independent and
never sleep.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import expect_status, json_body

TOOLS_PAGE_1 = [
    {"id": 1, "name": "Widget", "category": "tools", "price_cents": 499},
    {"id": 2, "name": "Gadget", "category": "tools", "price_cents": 1299},
]


def calls(service: Any, name: str) -> int:
    return service.count(name)


def advance(service: Any, seconds: float) -> None:
    service.advance(seconds)


def change_upstream(service: Any, product_id: int, **changes: Any) -> None:
    service.change_product(product_id, **changes)


def get_ok(client: httpx.Client, url: str, what: str, **kwargs: Any) -> httpx.Response:
    r = client.get(url, **kwargs)
    expect_status(r, 200, what)
    return r


def assert_calls(service: Any, name: str, expected: int, what: str) -> None:
    got = calls(service, name)
    assert got == expected, f"{what}: expected {expected} upstream {name} call(s), got {got}"


def assert_x_cache(r: httpx.Response, expected: str, what: str) -> None:
    got = r.headers.get("X-Cache", "")
    assert got.upper() == expected, f"{what}: expected X-Cache: {expected}, got {got!r}"


# --- product detail --------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_product_is_cached(client: httpx.Client, service: Any) -> None:
    """A second read of a product is served from the cache, without calling the upstream"""
    first = get_ok(client, "/products/1", "first read")
    assert json_body(first) == {
        "id": 1, "name": "Widget", "category": "tools", "price_cents": 499
    }, f"first read: got {first.text[:200]}"
    assert_x_cache(first, "MISS", "first read")
    second = get_ok(client, "/products/1", "second read")
    assert_x_cache(second, "HIT", "second read")
    assert json_body(second) == json_body(first), f"the cached body differs: {second.text[:200]}"
    assert_calls(service, "get_product", 1, "two reads of product 1")
    other = get_ok(client, "/products/2", "product 2")
    assert json_body(other).get("id") == 2, f"product 2 was served product 1's entry: {other.text[:200]}"
    assert_calls(service, "get_product", 2, "after reading product 2")


@pytest.mark.weight(3)
def test_product_expires_after_60s(client: httpx.Client, service: Any) -> None:
    """A cached product is served until 60 seconds have passed, then fetched again"""
    get_ok(client, "/products/3", "first read")
    change_upstream(service, 3, name="Yo-yo Pro")
    advance(service, 59.5)
    stale = get_ok(client, "/products/3", "59.5 s later")
    assert json_body(stale).get("name") == "Yo-yo", (
        f"59.5 s later the cached entry should still be served, got {stale.text[:200]}"
    )
    assert_calls(service, "get_product", 1, "59.5 s later")
    advance(service, 0.5)
    fresh = get_ok(client, "/products/3", "60 s later")
    assert json_body(fresh).get("name") == "Yo-yo Pro", (
        f"after 60 s the entry has expired and the upstream's new data is expected, got {fresh.text[:200]}"
    )
    assert_x_cache(fresh, "MISS", "60 s later")
    assert_calls(service, "get_product", 2, "60 s later")


@pytest.mark.weight(1)
def test_not_found_is_not_cached(client: httpx.Client, service: Any) -> None:
    """An unknown product is 404 and is not cached"""
    for attempt in (1, 2):
        r = client.get("/products/999")
        assert r.status_code == 404, f"attempt {attempt}: expected 404, got {r.status_code}"
        assert isinstance(json_body(r).get("detail"), str), f"expected {{'detail': '...'}}, got {r.text[:200]}"
    assert_calls(service, "get_product", 2, "two reads of an unknown product")


@pytest.mark.weight(1)
def test_invalid_parameters_422(client: httpx.Client, service: Any) -> None:
    """Invalid ids and pages are 422 and never reach the upstream"""
    for url in ("/products/0", "/products/abc", "/products?page=0", "/products?page=x"):
        r = client.get(url)
        assert r.status_code == 422, f"GET {url}: expected 422, got {r.status_code}"
    assert_calls(service, "get_product", 0, "after invalid ids")
    assert_calls(service, "list_products", 0, "after invalid pages")


# --- lists -----------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_list_is_keyed_by_query(client: httpx.Client, service: Any) -> None:
    """Each combination of category and page is cached separately"""
    urls = ["/products?category=tools", "/products?category=toys", "/products?category=tools&page=2"]
    first = [json_body(get_ok(client, url, url)) for url in urls]
    assert first[0] == TOOLS_PAGE_1, f"tools page 1: got {first[0]}"
    assert [p["id"] for p in first[1]] == [3, 4], f"toys page 1: got {first[1]}"
    assert [p["id"] for p in first[2]] == [5], f"tools page 2: got {first[2]}"
    assert_calls(service, "list_products", 3, "three different lists")
    again = [json_body(get_ok(client, url, url)) for url in urls]
    assert again == first, "a cached list was served for the wrong query"
    assert_calls(service, "list_products", 3, "reading the three lists again")


@pytest.mark.weight(2)
def test_equivalent_queries_share_an_entry(client: httpx.Client, service: Any) -> None:
    """Query order and an explicit default page do not create new entries"""
    get_ok(client, "/products?category=tools&page=2", "tools page 2")
    r = get_ok(client, "/products?page=2&category=tools", "same query, other order")
    assert_x_cache(r, "HIT", "same query, other order")
    get_ok(client, "/products?category=toys", "toys")
    r = get_ok(client, "/products?category=toys&page=1", "toys with explicit page=1")
    assert_x_cache(r, "HIT", "toys with explicit page=1")
    assert_calls(service, "list_products", 2, "two distinct lists")


@pytest.mark.weight(2)
def test_empty_list_is_cached(client: httpx.Client, service: Any) -> None:
    """An empty result is cached like any other"""
    first = get_ok(client, "/products?category=garden", "garden")
    assert json_body(first) == [], f"expected [], got {first.text[:200]}"
    second = get_ok(client, "/products?category=garden", "garden again")
    assert json_body(second) == [], f"expected [], got {second.text[:200]}"
    assert_x_cache(second, "HIT", "garden again")
    assert_calls(service, "list_products", 1, "reading an empty list twice")


@pytest.mark.weight(1)
def test_list_expires_after_30s(client: httpx.Client, service: Any) -> None:
    """Lists are cached for 30 seconds"""
    get_ok(client, "/products?category=books", "books")
    advance(service, 29)
    get_ok(client, "/products?category=books", "29 s later")
    assert_calls(service, "list_products", 1, "29 s later")
    advance(service, 1)
    get_ok(client, "/products?category=books", "30 s later")
    assert_calls(service, "list_products", 2, "30 s later")


# --- per user --------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_recommendations_are_per_user(client: httpx.Client, service: Any) -> None:
    """Recommendations are cached per user and never served to another user"""
    alice = get_ok(client, "/me/recommendations", "alice", headers={"X-User": "alice"})
    bob = get_ok(client, "/me/recommendations", "bob", headers={"X-User": "bob"})
    assert "bob" in bob.text and "alice" not in bob.text, (
        f"bob was served another user's recommendations: {bob.text[:200]}"
    )
    assert_calls(service, "recommendations", 2, "alice then bob")
    for rec in json_body(alice):
        assert isinstance(rec.get("product_id"), int) and isinstance(rec.get("reason"), str), (
            f"expected recommendations like {{'product_id': 4, 'reason': '...'}}, got {alice.text[:200]}"
        )
    again = get_ok(client, "/me/recommendations", "alice again", headers={"X-User": "alice"})
    assert json_body(again) == json_body(alice), (
        f"alice's cached answer differs: {again.text[:200]}"
    )
    assert_x_cache(again, "HIT", "alice again")
    assert_calls(service, "recommendations", 2, "alice again")
    cache_control = again.headers.get("Cache-Control", "").replace(" ", "")
    assert cache_control.startswith("private") and "max-age=60" in cache_control, (
        f"expected Cache-Control: private, max-age=60, got {again.headers.get('Cache-Control')!r}"
    )


@pytest.mark.weight(1)
def test_recommendations_need_a_user(client: httpx.Client, service: Any) -> None:
    """Recommendations without X-User are 401 and call nothing"""
    r = client.get("/me/recommendations")
    assert r.status_code == 401, f"expected 401, got {r.status_code}"
    assert_calls(service, "recommendations", 0, "without X-User")


# --- writes and validators -------------------------------------------------------------------


@pytest.mark.weight(3)
def test_update_invalidates(client: httpx.Client, service: Any) -> None:
    """Updating a product invalidates its cached entry and the cached lists"""
    get_ok(client, "/products/2", "product 2")
    get_ok(client, "/products?category=tools", "tools list")
    get_ok(client, "/products", "all products")
    r = client.put("/products/2", json={"name": "Gadget Mk II"})
    assert r.status_code == 200, f"PUT: expected 200, got {r.status_code}: {r.text[:200]}"
    assert json_body(r).get("name") == "Gadget Mk II", f"PUT returned {r.text[:200]}"
    detail = get_ok(client, "/products/2", "product 2 after the update")
    assert json_body(detail).get("name") == "Gadget Mk II", (
        f"product 2 after the update: stale cached entry served: {detail.text[:200]}"
    )
    listed = json_body(get_ok(client, "/products?category=tools", "tools list after the update"))
    assert any(p.get("name") == "Gadget Mk II" for p in listed), (
        f"tools list after the update: stale cached list served: {listed}"
    )
    everything = json_body(get_ok(client, "/products", "all products after the update"))
    assert any(p.get("name") == "Gadget Mk II" for p in everything), (
        f"all products after the update: stale cached list served: {everything}"
    )
    missing = client.put("/products/999", json={"name": "Nothing"})
    assert missing.status_code == 404, f"PUT of an unknown product: expected 404, got {missing.status_code}"


@pytest.mark.weight(1)
def test_update_keeps_other_entries(client: httpx.Client, service: Any) -> None:
    """Updating one product leaves other products' entries cached"""
    get_ok(client, "/products/1", "product 1")
    r = client.put("/products/4", json={"price_cents": 1600})
    assert r.status_code == 200, f"PUT: expected 200, got {r.status_code}"
    assert_x_cache(get_ok(client, "/products/1", "product 1 again"), "HIT", "product 1 again")
    assert_calls(service, "get_product", 1, "product 1 after updating product 4")


@pytest.mark.weight(2)
def test_etag_and_304(client: httpx.Client, service: Any) -> None:
    """A product carries an ETag; If-None-Match answers 304, and the ETag changes with the product"""
    first = get_ok(client, "/products/5", "product 5")
    etag = first.headers.get("ETag")
    assert etag, "no ETag header on GET /products/5"
    cache_control = first.headers.get("Cache-Control", "").replace(" ", "")
    assert cache_control.startswith("public") and "max-age=60" in cache_control, (
        f"expected Cache-Control: public, max-age=60, got {first.headers.get('Cache-Control')!r}"
    )
    again = get_ok(client, "/products/5", "product 5 again")
    assert again.headers.get("ETag") == etag, "the ETag changed although the product did not"
    not_modified = client.get("/products/5", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304, f"If-None-Match: expected 304, got {not_modified.status_code}"
    assert not_modified.content == b"", f"a 304 has no body, got {not_modified.text[:100]!r}"
    assert not_modified.headers.get("ETag") == etag, "the 304 should repeat the ETag"
    assert_calls(service, "get_product", 1, "after the 304")
    r = client.put("/products/5", json={"price_cents": 2500})
    assert r.status_code == 200, f"PUT: expected 200, got {r.status_code}"
    changed = client.get("/products/5", headers={"If-None-Match": etag})
    assert changed.status_code == 200, (
        f"the product changed, so the old ETag must not match: expected 200, got {changed.status_code}"
    )
    assert changed.headers.get("ETag") not in (None, etag), "the ETag did not change with the product"


@pytest.mark.weight(1)
def test_304_after_expiry(client: httpx.Client, service: Any) -> None:
    """If-None-Match answers 304 also when the product had to be fetched again"""
    first = get_ok(client, "/products/6", "product 6")
    etag = first.headers.get("ETag")
    assert etag, "no ETag header on GET /products/6"
    advance(service, 60)
    r = client.get("/products/6", headers={"If-None-Match": etag})
    assert r.status_code == 304, (
        f"the entry expired but the product is unchanged: If-None-Match: expected 304, got {r.status_code}"
    )
    assert r.content == b"", f"a 304 has no body, got {r.text[:100]!r}"
    assert r.headers.get("ETag") == etag, "the 304 should repeat the ETag"
    assert_calls(service, "get_product", 2, "after the entry expired")


@pytest.mark.weight(1)
def test_invalid_update_422(client: httpx.Client, service: Any) -> None:
    """An invalid update is 422 and never reaches the upstream"""
    for body in ({"name": ""}, {"name": "x" * 101}, {"price_cents": -1}, {"price_cents": "cheap"}):
        r = client.put("/products/1", json=body)
        assert r.status_code == 422, f"PUT {body}: expected 422, got {r.status_code}"
    assert_calls(service, "update_product", 0, "after invalid updates")
