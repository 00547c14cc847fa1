"""Library catalog with offset pagination through a generic Page[T] (reference solution)."""

import math
from collections import Counter
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

MAX_PAGE_SIZE = 100

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: the items plus what a client needs to fetch the others."""

    items: list[T]
    total: int
    page: int
    size: int
    pages: int


class PageParams(BaseModel):
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def page_params(
    page: Annotated[int, Query(ge=1, description="1-based page number")] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")] = 10,
) -> PageParams:
    return PageParams(page=page, size=size)


PageDep = Annotated[PageParams, Depends(page_params)]


def paginate(rows: list[T], params: PageParams) -> Page[T]:
    """Slice already-ordered rows; a page past the end is empty, not an error."""
    total = len(rows)
    return Page(
        items=rows[params.offset : params.offset + params.size],
        total=total,
        page=params.page,
        size=params.size,
        pages=math.ceil(total / params.size),
    )


@app.get("/books")
def list_books(params: PageDep, author: str | None = None) -> Page[Book]:
    """Books, newest first; books of the same year by id."""
    rows = [book for book in BOOKS if author is None or book.author == author]
    rows.sort(key=lambda book: (-book.year, book.id))
    return paginate(rows, params)


@app.get("/authors")
def list_authors(params: PageDep) -> Page[Author]:
    """Authors by name, with how many books each has."""
    counts = Counter(book.author for book in BOOKS)
    rows = [Author(name=name, book_count=counts[name]) for name in sorted(counts)]
    return paginate(rows, params)
