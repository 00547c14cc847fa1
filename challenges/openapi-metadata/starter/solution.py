"""Bookshelf API. The routes work; their documentation does not (see the statement).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the routes' behaviour and the data as they are: the grader's tests use exactly this data.
"""

from itertools import count

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel, Field

# TODO: title, version, description, tag metadata and the docs URLs.
app = FastAPI()


class Book(BaseModel):
    id: int
    title: str
    author: str


class LoanCreate(BaseModel):
    book_id: int  # TODO: description and examples
    borrower: str = Field(min_length=1, max_length=50)  # TODO: examples


class Loan(LoanCreate):
    id: int


BOOKS: dict[int, Book] = {
    1: Book(id=1, title="Dune", author="Frank Herbert"),
    2: Book(id=2, title="Neuromancer", author="William Gibson"),
    3: Book(id=3, title="Kindred", author="Octavia E. Butler"),
}
LOANS: dict[int, Loan] = {}
_loan_ids = count(1)


@app.get("/books")
def list_books() -> list[Book]:
    """Every book in the catalogue, ordered by id."""
    return [BOOKS[book_id] for book_id in sorted(BOOKS)]


@app.get("/books/{book_id}")
def get_book(book_id: int) -> Book:
    """One book by its id."""
    book = BOOKS.get(book_id)
    if book is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Book not found")
    return book


@app.post("/loans", status_code=status.HTTP_201_CREATED)
async def create_loan(payload: LoanCreate) -> Loan:
    """Record that `borrower` took the book home."""
    if payload.book_id not in BOOKS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Book not found")
    loan = Loan(id=next(_loan_ids), **payload.model_dump())
    LOANS[loan.id] = loan
    return loan


@app.get("/internal/metrics")
def metrics() -> dict[str, int]:
    return {"books": len(BOOKS), "loans": len(LOANS)}


# TODO: add the logo to the schema's info (see "A custom schema" in the statement).
