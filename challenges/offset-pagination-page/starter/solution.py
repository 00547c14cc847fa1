"""Library catalog: GET /books and GET /authors return everything at once. Paginate them.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Book`, `Author`, `AUTHOR_NAMES` and `BOOKS` as they are: the grader's tests use this data.
"""

from collections import Counter

from fastapi import FastAPI
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


# TODO: a generic Page[T] model, shared page/size parameters, and paginated routes.


@app.get("/books")
def list_books(author: str | None = None) -> list[Book]:
    return [book for book in BOOKS if author is None or book.author == author]


@app.get("/authors")
def list_authors() -> list[Author]:
    counts = Counter(book.author for book in BOOKS)
    return [Author(name=name, book_count=count) for name, count in counts.items()]
