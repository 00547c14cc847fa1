# WRONG: sorted by year only, so same-year books keep the storage order. Violates "books of the same year by id ascending. This tie break matters".
"""Library catalog with offset pagination: a generic Page[T] and a shared dependency.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Book`, `Author`, `AUTHOR_NAMES` and `BOOKS` as they are: the grader's tests use this data.
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel

app = FastAPI(title="Library")


class Book(BaseModel):
    id: int
    title: str
    author: str
    year: int


class Author(BaseModel):
    name: str
    book_count: int


AUTHOR_NAMES = [
    "Grace Hopper",
    "Alan Turing",
    "Edsger Dijkstra",
    "Barbara Liskov",
    "Donald Knuth",
    "Ada Lovelace",
    "Margaret Hamilton",
]

# 53 books, stored in no particular order (like rows read without ORDER BY).
BOOKS: list[Book] = [
    Book(
        id=book_id,
        title=f"Collected Notes, Volume {book_id}",
        author=AUTHOR_NAMES[book_id * 3 % 7],
        year=1990 + book_id * 7 % 12,
    )
    for book_id in (i * 17 % 53 + 1 for i in range(53))
]


T = TypeVar("T")


@dataclass(frozen=True)
class PageParams:
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def page_params(
    page: Annotated[int, Query(ge=1, description="1-based page number")] = 1,
    size: Annotated[int, Query(ge=1, le=100, description="items per page")] = 10,
) -> PageParams:
    return PageParams(page=page, size=size)


Paging = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int
    pages: int

    @classmethod
    def of(cls, ordered: Sequence[T], params: PageParams) -> "Page[T]":
        total = len(ordered)
        return cls(
            items=list(ordered[params.offset : params.offset + params.size]),
            total=total,
            page=params.page,
            size=params.size,
            pages=math.ceil(total / params.size),
        )


@app.get("/books")
def list_books(paging: Paging, author: str | None = None) -> Page[Book]:
    books = [book for book in BOOKS if author is None or book.author == author]
    books.sort(key=lambda book: book.year, reverse=True)
    return Page[Book].of(books, paging)


@app.get("/authors")
def list_authors(paging: Paging) -> Page[Author]:
    counts = Counter(book.author for book in BOOKS)
    authors = [Author(name=name, book_count=counts[name]) for name in sorted(counts)]
    return Page[Author].of(authors, paging)
