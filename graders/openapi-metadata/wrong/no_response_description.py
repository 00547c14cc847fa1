# WRONG: the 200 of GET /books/{book_id} keeps the default "Successful Response". Violates "GET /books/{book_id} describes its 200 response as The requested book".
"""Bookshelf API with its OpenAPI contract: metadata on the decorators, a custom app.openapi."""

from itertools import count
from typing import Any

from fastapi import FastAPI, HTTPException, status
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

TAGS_METADATA = [
    {"name": "books", "description": "Browse the catalogue."},
    {"name": "loans", "description": "Borrow books."},
]

app = FastAPI(
    title="Bookshelf API",
    version="2.3.0",
    description="Search the catalogue and borrow books.",
    openapi_tags=TAGS_METADATA,
    docs_url="/api/docs",
    redoc_url=None,
)

BOOK_NOT_FOUND = {status.HTTP_404_NOT_FOUND: {"description": "Book not found"}}


class Book(BaseModel):
    id: int
    title: str
    author: str


class LoanCreate(BaseModel):
    book_id: int = Field(description="Id of the book to borrow", examples=[1])
    borrower: str = Field(min_length=1, max_length=50, examples=["ada"])


class Loan(LoanCreate):
    id: int


BOOKS: dict[int, Book] = {
    1: Book(id=1, title="Dune", author="Frank Herbert"),
    2: Book(id=2, title="Neuromancer", author="William Gibson"),
    3: Book(id=3, title="Kindred", author="Octavia E. Butler"),
}
LOANS: dict[int, Loan] = {}
_loan_ids = count(1)


@app.get("/books", tags=["books"], summary="List books", operation_id="listBooks")
def list_books() -> list[Book]:
    """Every book in the catalogue, ordered by id."""
    return [BOOKS[book_id] for book_id in sorted(BOOKS)]


@app.get(
    "/books/{book_id}",
    tags=["books"],
    summary="Get a book",
    operation_id="getBook",
    responses=BOOK_NOT_FOUND,
)
def get_book(book_id: int) -> Book:
    """One book by its id."""
    book = BOOKS.get(book_id)
    if book is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Book not found")
    return book


@app.post(
    "/loans",
    status_code=status.HTTP_201_CREATED,
    tags=["loans"],
    summary="Borrow a book",
    operation_id="createLoan",
    responses=BOOK_NOT_FOUND,
)
async def create_loan(payload: LoanCreate) -> Loan:
    """Record that `borrower` took the book home."""
    if payload.book_id not in BOOKS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Book not found")
    loan = Loan(id=next(_loan_ids), **payload.model_dump())
    LOANS[loan.id] = loan
    return loan


@app.get("/internal/metrics", include_in_schema=False)
def metrics() -> dict[str, int]:
    return {"books": len(BOOKS), "loans": len(LOANS)}


def custom_openapi() -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    schema["info"]["x-logo"] = {"url": "https://bookshelf.example/logo.png", "altText": "Bookshelf"}
    app.openapi_schema = schema
    return app.openapi_schema


app.openapi = custom_openapi  # type: ignore[method-assign]
