"""Bookshelf API: a FastAPI subclass extends the schema; routers carry tags; ids are generated."""

from itertools import count
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Path, status
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

LOGO = {"url": "https://bookshelf.example/logo.png", "altText": "Bookshelf"}


def camel_case_operation_id(route: APIRoute) -> str:
    """list_books -> listBooks: operationIds follow the function names."""
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)


class BookshelfAPI(FastAPI):
    """FastAPI whose schema also carries the portal's logo (vendor extension of info)."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            schema = super().openapi()  # builds once and stores it in self.openapi_schema
            schema["info"]["x-logo"] = dict(LOGO)
        return self.openapi_schema


class Book(BaseModel):
    id: int
    title: str
    author: str


class LoanCreate(BaseModel):
    book_id: Annotated[int, Field(description="Id of the book to borrow", examples=[1])]
    borrower: Annotated[str, Field(min_length=1, max_length=50, examples=["ada"])]


class Loan(LoanCreate):
    id: int


BOOKS: dict[int, Book] = {
    1: Book(id=1, title="Dune", author="Frank Herbert"),
    2: Book(id=2, title="Neuromancer", author="William Gibson"),
    3: Book(id=3, title="Kindred", author="Octavia E. Butler"),
}
LOANS: dict[int, Loan] = {}
_loan_ids = count(1)

not_found: dict[int | str, dict[str, Any]] = {404: {"description": "Book not found"}}

books = APIRouter(prefix="/books", tags=["books"])
loans = APIRouter(prefix="/loans", tags=["loans"])
internal = APIRouter(prefix="/internal", include_in_schema=False)


@books.get("", summary="List books", response_model=list[Book])
def list_books():
    """Every book in the catalogue, ordered by id."""
    return [BOOKS[book_id] for book_id in sorted(BOOKS)]


@books.get(
    "/{book_id}",
    summary="Get a book",
    response_model=Book,
    response_description="The requested book",
    responses=not_found,
)
def get_book(book_id: Annotated[int, Path()]):
    """One book by its id."""
    if book_id not in BOOKS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Book not found")
    return BOOKS[book_id]


@loans.post("", status_code=201, summary="Borrow a book", response_model=Loan, responses=not_found)
async def create_loan(payload: LoanCreate):
    """Record that `borrower` took the book home."""
    if payload.book_id not in BOOKS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Book not found")
    loan = Loan(id=next(_loan_ids), **payload.model_dump())
    LOANS[loan.id] = loan
    return loan


@internal.get("/metrics")
def metrics() -> dict[str, int]:
    return {"books": len(BOOKS), "loans": len(LOANS)}


app = BookshelfAPI(
    title="Bookshelf API",
    version="2.3.0",
    description="Search the catalogue and borrow books.",
    openapi_tags=[
        {"name": "books", "description": "Browse the catalogue."},
        {"name": "loans", "description": "Borrow books."},
    ],
    openapi_url="/openapi.json",
    docs_url="/api/docs",
    redoc_url=None,
    generate_unique_id_function=camel_case_operation_id,
)
for router in (books, loans, internal):
    app.include_router(router)
