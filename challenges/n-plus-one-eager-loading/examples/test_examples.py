"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) Locally your own database is used.
The hidden tests replace `get_session` with sessions on the grader's database and also count the
SQL statements each request sends; to watch yours, create the engine with `echo=True`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    base_url = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as c:
        yield c


def test_author_with_a_book(client: httpx.Client) -> None:
    """A new author and book show up in GET /authors"""
    author = client.post("/authors", json={"name": "Example Author"}).json()
    book = client.post(f"/authors/{author['id']}/books", json={"title": "Example", "year": 2001})
    assert book.status_code == 201, f"expected 201, got {book.status_code}: {book.text}"
    listed = {a["id"]: a for a in client.get("/authors").json()}
    assert listed[author["id"]]["books"] == [{"id": book.json()["id"], "title": "Example", "year": 2001}]


def test_books_list_their_author(client: httpx.Client) -> None:
    """GET /books shows each book's author"""
    r = client.get("/books")
    assert r.status_code == 200, f"expected 200, got {r.status_code}"
    for book in r.json():
        assert set(book["author"]) == {"id", "name"}
