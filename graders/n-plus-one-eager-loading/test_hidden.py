"""Hidden tests: N+1 queries and eager loading (black box, over HTTP).

overrides.py replaces `get_session` with sessions whose statements run in the grader's process
(service.py, emptied before each test by the `service` fixture); the tests seed rows straight
into the app's tables and read the count of statements there, out of the app's reach.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import json_body

MAX_STATEMENTS = 2


def library(n_authors: int, books_each: int) -> list[dict[str, Any]]:
    return [
        {
            "name": f"Author {a}",
            "books": [{"title": f"Book {a}.{b}", "year": 1900 + 10 * a + b} for b in range(books_each)],
        }
        for a in range(n_authors)
    ]


def seed(service: Any, authors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return service.seed(authors)


def counted_get(client: httpx.Client, service: Any, url: str) -> tuple[httpx.Response, int, list[str]]:
    service.db.clear_statements()
    r = client.get(url)
    assert r.status_code == 200, f"GET {url}: expected 200, got {r.status_code}: {r.text[:200]}"
    sql = service.db.counted()
    return r, len(sql), sql


def assert_bounded(count: int, sql: list[str], what: str) -> None:
    shown = " | ".join(s[:120] for s in sql[:5])
    assert count <= MAX_STATEMENTS, (
        f"{what}: expected at most {MAX_STATEMENTS} SQL statements, got {count}: {shown}"
    )


def expected_authors(created: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": a["id"], "name": a["name"], "books": a["books"]} for a in created]


# --- GET /authors ------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_authors_with_their_books(client: httpx.Client, service: Any) -> None:
    """GET /authors lists every author with their books, both ordered by id"""
    created = seed(service, library(3, 2) + [{"name": "No Books Yet", "books": []}])
    r, _, _ = counted_get(client, service, "/authors")
    assert json_body(r) == expected_authors(created), f"expected {expected_authors(created)}, got {r.text[:400]}"


@pytest.mark.weight(3)
def test_authors_use_a_bounded_number_of_queries(client: httpx.Client, service: Any) -> None:
    """GET /authors runs the same small number of queries for 3 or 15 authors"""
    seed(service, library(3, 2))
    _, small, small_sql = counted_get(client, service, "/authors")
    assert_bounded(small, small_sql, "GET /authors with 3 authors")
    seed(service, library(12, 3))
    r, large, large_sql = counted_get(client, service, "/authors")
    assert len(json_body(r)) == 15, f"expected 15 authors, got {len(json_body(r))}"
    assert_bounded(large, large_sql, "GET /authors with 15 authors")
    assert large == small, (
        f"the number of queries grows with the data: {small} for 3 authors, {large} for 15 "
        "(is author.books lazy-loaded once per author?)"
    )


# --- GET /books --------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_books_with_their_author(client: httpx.Client, service: Any) -> None:
    """GET /books lists every book with its author's id and name, ordered by id"""
    created = seed(service, library(3, 2))  # books interleaved: author 1, 2, 3, 1, 2, 3
    r, _, _ = counted_get(client, service, "/books")
    expected = [
        {**book, "author": {"id": author["id"], "name": author["name"]}}
        for author in created
        for book in author["books"]
    ]
    expected.sort(key=lambda b: b["id"])
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:400]}"


@pytest.mark.weight(3)
def test_books_use_a_bounded_number_of_queries(client: httpx.Client, service: Any) -> None:
    """GET /books runs the same small number of queries for 4 or 40 books"""
    seed(service, library(2, 2))
    _, small, small_sql = counted_get(client, service, "/books")
    assert_bounded(small, small_sql, "GET /books with 4 books")
    seed(service, library(12, 3))
    r, large, large_sql = counted_get(client, service, "/books")
    assert len(json_body(r)) == 40, f"expected 40 books, got {len(json_body(r))}"
    assert_bounded(large, large_sql, "GET /books with 40 books by 14 authors")
    assert large == small, (
        f"the number of queries grows with the data: {small} for 4 books, {large} for 40 "
        "(is book.author lazy-loaded once per author?)"
    )


# --- one author --------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_one_author(client: httpx.Client, service: Any) -> None:
    """GET /authors/{id} returns the author with their books in few queries, or 404"""
    created = seed(service, library(2, 4))
    target = created[1]
    r, count, sql = counted_get(client, service, f"/authors/{target['id']}")
    assert json_body(r) == expected_authors([target])[0], f"expected {target}, got {r.text[:300]}"
    assert_bounded(count, sql, "GET /authors/{id}")
    missing = client.get("/authors/999999")
    assert missing.status_code == 404, f"unknown author: expected 404, got {missing.status_code}"
    assert isinstance(json_body(missing).get("detail"), str), f"expected {{'detail': '...'}}, got {missing.text[:200]}"


@pytest.mark.weight(1)
def test_empty_library(client: httpx.Client, service: Any) -> None:
    """An empty library lists no authors and no books"""
    for url in ("/authors", "/books"):
        r, _, _ = counted_get(client, service, url)
        assert json_body(r) == [], f"GET {url}: expected [], got {r.text[:200]}"


# --- writes ------------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_create_author_and_book(client: httpx.Client, service: Any) -> None:
    """Authors and books created over HTTP are stored through the session"""
    r = client.post("/authors", json={"name": "Ursula K. Le Guin"})
    assert r.status_code == 201, f"POST /authors: expected 201, got {r.status_code}: {r.text[:200]}"
    author = json_body(r)
    assert author.get("name") == "Ursula K. Le Guin" and author.get("books") == [], f"got {author}"
    assert r.headers.get("Location", "").endswith(f"/authors/{author['id']}"), (
        f"Location: expected /authors/{author['id']}, got {r.headers.get('Location')!r}"
    )
    b = client.post(f"/authors/{author['id']}/books", json={"title": "The Dispossessed", "year": 1974})
    assert b.status_code == 201, f"POST a book: expected 201, got {b.status_code}: {b.text[:200]}"
    book = json_body(b)
    assert book.get("author") == {"id": author["id"], "name": "Ursula K. Le Guin"}, f"got {book}"
    listed = json_body(client.get(f"/authors/{author['id']}"))
    assert listed.get("books") == [{"id": book["id"], "title": "The Dispossessed", "year": 1974}], (
        f"the new book is not listed with its author (was it committed?): {listed}"
    )


@pytest.mark.weight(1)
def test_create_errors(client: httpx.Client, service: Any) -> None:
    """A book for an unknown author is 404; invalid bodies are 422"""
    missing = client.post("/authors/999999/books", json={"title": "Ghost", "year": 2000})
    assert missing.status_code == 404, f"unknown author: expected 404, got {missing.status_code}"
    author = seed(service, [{"name": "Valid", "books": []}])[0]
    for body in ({"title": "", "year": 2000}, {"title": "T", "year": 1200}, {"title": "T", "year": 2500}, {"title": "T"}):
        r = client.post(f"/authors/{author['id']}/books", json=body)
        assert r.status_code == 422, f"POST book {body}: expected 422, got {r.status_code}"
    for body in ({"name": ""}, {"name": "x" * 101}, {}):
        r = client.post("/authors", json=body)
        assert r.status_code == 422, f"POST /authors {body}: expected 422, got {r.status_code}"
