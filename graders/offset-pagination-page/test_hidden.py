"""Hidden tests: offset pagination with a generic Page[T] (black box, over HTTP).

The expected data is rebuilt here from the same formula as the starter's BOOKS.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

AUTHOR_NAMES = [
    "Grace Hopper",
    "Alan Turing",
    "Edsger Dijkstra",
    "Barbara Liskov",
    "Donald Knuth",
    "Ada Lovelace",
    "Margaret Hamilton",
]
BOOKS = [
    {
        "id": book_id,
        "title": f"Collected Notes, Volume {book_id}",
        "author": AUTHOR_NAMES[book_id * 3 % 7],
        "year": 1990 + book_id * 7 % 12,
    }
    for book_id in range(1, 54)
]
ORDERED = sorted(BOOKS, key=lambda b: (-b["year"], b["id"]))
COUNTS = Counter(b["author"] for b in BOOKS)
AUTHORS = [{"name": name, "book_count": COUNTS[name]} for name in sorted(COUNTS)]
KEYS = {"items", "total", "page", "size", "pages"}


def get_page(client: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    r = client.get(path, params=params)
    assert r.status_code == 200, (
        f"GET {path} {params}: expected 200, got {r.status_code}: {r.text[:200]}"
    )
    body = json_body(r)
    assert isinstance(body, dict) and set(body) == KEYS, (
        f"GET {path} {params}: expected an object with exactly the keys {sorted(KEYS)}, "
        f"got {sorted(body) if isinstance(body, dict) else body!r}"
    )
    return body


def ids(page: dict[str, Any]) -> list[Any]:
    return [item.get("id") for item in page["items"]]


def expect_meta(body: dict[str, Any], **expected: int) -> None:
    got = {key: body[key] for key in expected}
    assert got == expected, f"expected {expected}, got {got}"


def assert_query_422(r: httpx.Response, param: str, what: str) -> None:
    assert r.status_code == 422, f"{what}: expected 422, got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    locs = [e.get("loc") for e in body.get("detail", [])] if isinstance(body, dict) else []
    assert ["query", param] in locs, (
        f"{what}: expected FastAPI's validation error located at ['query', '{param}'], got {body!r}"
    )


@pytest.mark.weight(3)
def test_first_page_defaults(client: httpx.Client) -> None:
    """Without parameters, GET /books returns page 1 of size 10, newest books first"""
    page = get_page(client, "/books")
    expect_meta(page, total=53, page=1, size=10, pages=6)
    assert page["items"] == ORDERED[:10], (
        f"expected the books with ids {[b['id'] for b in ORDERED[:10]]} (full objects), "
        f"got {page['items']!r}"[:600]
    )


@pytest.mark.weight(3)
def test_walk_every_page(client: httpx.Client) -> None:
    """Walking every page returns each book exactly once, in the documented order"""
    first = get_page(client, "/books", page=1, size=7)
    expect_meta(first, total=53, pages=8)
    seen: list[Any] = ids(first)
    for number in range(2, first["pages"] + 1):
        page = get_page(client, "/books", page=number, size=7)
        expect_meta(page, page=number, size=7, total=53, pages=8)
        seen.extend(ids(page))
    expected = [b["id"] for b in ORDERED]
    assert len(seen) == len(set(seen)) == 53, (
        f"expected 53 distinct books over all pages, "
        f"got {len(seen)} items, {len(set(seen))} distinct"
    )
    assert seen == expected, (
        f"expected the order newest year first, same year by id ascending: {expected}, got {seen}"
    )


@pytest.mark.weight(2)
def test_second_page_offset(client: httpx.Client) -> None:
    """Page 2 starts right after the last item of page 1"""
    page = get_page(client, "/books", page=2, size=4)
    expected = [b["id"] for b in ORDERED[4:8]]
    assert ids(page) == expected, f"expected ids {expected}, got {ids(page)}"
    expect_meta(page, page=2, size=4, total=53, pages=14)


@pytest.mark.weight(2)
def test_last_page_is_partial(client: httpx.Client) -> None:
    """The last page holds only the remaining items"""
    for size, last in ((10, 6), (50, 2)):
        page = get_page(client, "/books", page=last, size=size)
        expected = [b["id"] for b in ORDERED[(last - 1) * size :]]
        assert ids(page) == expected, (
            f"size={size} page={last}: expected {expected}, got {ids(page)}"
        )
        expect_meta(page, page=last, size=size, total=53, pages=last)


@pytest.mark.weight(2)
def test_page_past_the_end(client: httpx.Client) -> None:
    """A page past the last one is 200 with no items, and still reports total and pages"""
    for number in (7, 500):
        page = get_page(client, "/books", page=number, size=10)
        assert page["items"] == [], f"page={number}: expected no items, got {ids(page)}"
        expect_meta(page, page=number, size=10, total=53, pages=6)


@pytest.mark.weight(2)
def test_page_count_rounds_up_exactly(client: httpx.Client) -> None:
    """The page count is total / size rounded up (exact multiples add no empty page)"""
    for size in (1, 53, 100, 52, 27):
        page = get_page(client, "/books", size=size)
        expected = math.ceil(53 / size)
        assert page["pages"] == expected, (
            f"size={size}: expected pages={expected}, got {page['pages']}"
        )


@pytest.mark.weight(2)
def test_author_filter(client: httpx.Client) -> None:
    """Filtering by author counts and pages only that author's books"""
    author = "Grace Hopper"
    theirs = [b["id"] for b in ORDERED if b["author"] == author]
    first = get_page(client, "/books", author=author, size=5)
    expect_meta(first, total=7, page=1, size=5, pages=2)
    second = get_page(client, "/books", author=author, size=5, page=2)
    assert ids(first) + ids(second) == theirs, (
        f"expected {author}'s books in order {theirs}, got {ids(first) + ids(second)}"
    )
    exact = get_page(client, "/books", author=author, size=7)
    expect_meta(exact, total=7, pages=1)


@pytest.mark.weight(1)
def test_no_match(client: httpx.Client) -> None:
    """A filter that matches nothing gives total 0 and pages 0"""
    page = get_page(client, "/books", author="Nobody Atall")
    assert page == {"items": [], "total": 0, "page": 1, "size": 10, "pages": 0}, f"got {page}"
    for near in ("alan turing", "Turing", "ALAN TURING", "Alan"):
        page = get_page(client, "/books", author=near)
        assert page == {"items": [], "total": 0, "page": 1, "size": 10, "pages": 0}, (
            f"author={near!r} must match exactly (not case-insensitively, not a substring "
            f"of 'Alan Turing'), got total {page.get('total')!r}"
        )


@pytest.mark.weight(3)
def test_bounds_422(client: httpx.Client) -> None:
    """page below 1, size below 1 or above 100, and non-numbers are rejected with 422"""
    for params, param in (
        ({"page": 0}, "page"),
        ({"page": -2}, "page"),
        ({"page": "two"}, "page"),
        ({"size": 0}, "size"),
        ({"size": 101}, "size"),
        ({"size": "1.5"}, "size"),
    ):
        assert_query_422(client.get("/books", params=params), param, f"GET /books {params}")


@pytest.mark.weight(1)
def test_largest_page_size(client: httpx.Client) -> None:
    """A size of 100 is allowed"""
    page = get_page(client, "/books", size=100)
    assert ids(page) == [b["id"] for b in ORDERED], (
        f"expected all 53 books in order, got {ids(page)}"
    )
    expect_meta(page, size=100, pages=1)


@pytest.mark.weight(2)
def test_authors_page(client: httpx.Client) -> None:
    """GET /authors pages the authors by name with the same envelope"""
    first = get_page(client, "/authors", size=3)
    expect_meta(first, total=7, page=1, size=3, pages=3)
    assert first["items"] == AUTHORS[:3], f"expected {AUTHORS[:3]}, got {first['items']}"
    last = get_page(client, "/authors", size=3, page=3)
    assert last["items"] == AUTHORS[6:], f"expected {AUTHORS[6:]}, got {last['items']}"
    default = get_page(client, "/authors")
    expect_meta(default, total=7, page=1, size=10, pages=1)


@pytest.mark.weight(1)
def test_authors_bounds_422(client: httpx.Client) -> None:
    """GET /authors applies the same page and size bounds"""
    assert_query_422(client.get("/authors", params={"size": 101}), "size", "GET /authors size=101")
    assert_query_422(client.get("/authors", params={"page": 0}), "page", "GET /authors page=0")


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


@pytest.mark.weight(1)
def test_openapi_declares_page_models(client: httpx.Client) -> None:
    """The OpenAPI schema declares a typed page model for both routes"""
    r = client.get("/openapi.json")
    assert r.status_code == 200, f"GET /openapi.json: expected 200, got {r.status_code}"
    spec = json_body(r)
    for path, fields in (
        ("/books", {"id", "title", "author", "year"}),
        ("/authors", {"name", "book_count"}),
    ):
        try:
            ok = spec["paths"][path]["get"]["responses"]["200"]
            raw = ok["content"]["application/json"]["schema"]
        except (KeyError, TypeError):
            pytest.fail(
                f"{path}: no JSON schema for the 200 response in /openapi.json", pytrace=False
            )
        page = _resolve(raw, spec)
        props = page.get("properties", {})
        assert set(props) == KEYS, (
            f"{path}: expected the 200 schema to have properties {sorted(KEYS)}, "
            f"got {sorted(props)}"
        )
        item = _resolve(props["items"].get("items", {}), spec)
        assert set(item.get("properties", {})) == fields, (
            f"{path}: expected items of a model with fields {sorted(fields)}, "
            f"got {sorted(item.get('properties', {}))}"
        )
