"""Hidden tests: docs and OpenAPI customisation (black box, over HTTP and /openapi.json)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import expect_status, json_body

BOOKS = [
    {"id": 1, "title": "Dune", "author": "Frank Herbert"},
    {"id": 2, "title": "Neuromancer", "author": "William Gibson"},
    {"id": 3, "title": "Kindred", "author": "Octavia E. Butler"},
]
TAGS = [
    {"name": "books", "description": "Browse the catalogue."},
    {"name": "loans", "description": "Borrow books."},
]
LOGO = {"url": "https://bookshelf.example/logo.png", "altText": "Bookshelf"}
OPERATIONS = [
    ("/books", "get", ["books"], "List books", "listBooks"),
    ("/books/{book_id}", "get", ["books"], "Get a book", "getBook"),
    ("/loans", "post", ["loans"], "Borrow a book", "createLoan"),
]


def _schema(client: httpx.Client) -> dict[str, Any]:
    r = client.get("/openapi.json")
    expect_status(r, 200, "GET /openapi.json")
    schema = json_body(r)
    assert isinstance(schema, dict) and "paths" in schema, (
        f"expected an OpenAPI document, got {r.text[:200]}"
    )
    return schema


def _operation(schema: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    op = schema["paths"].get(path, {}).get(method)
    assert isinstance(op, dict), (
        f"the schema has no {method.upper()} {path}; paths: {sorted(schema['paths'])}"
    )
    return op


@pytest.mark.weight(2)
def test_routes_still_work(client: httpx.Client) -> None:
    """The routes keep their behaviour: books, one book, 404, and a new loan with 201"""
    r = client.get("/books")
    expect_status(r, 200, "GET /books")
    assert json_body(r) == BOOKS, f"expected {BOOKS}, got {r.text[:300]}"
    r = client.get("/books/2")
    expect_status(r, 200, "GET /books/2")
    assert json_body(r) == BOOKS[1], f"expected {BOOKS[1]}, got {r.text[:200]}"
    expect_status(client.get("/books/42"), 404, "GET /books/42")
    borrower = f"reader-{uuid.uuid4().hex[:8]}"
    r = client.post("/loans", json={"book_id": 3, "borrower": borrower})
    expect_status(r, 201, "POST /loans")
    loan = json_body(r)
    assert isinstance(loan, dict) and isinstance(loan.get("id"), int), f"got {r.text[:200]}"
    assert loan == {"id": loan["id"], "book_id": 3, "borrower": borrower}, f"got {loan}"
    expect_status(
        client.post("/loans", json={"book_id": 42, "borrower": borrower}),
        404,
        "POST /loans for an unknown book",
    )
    for bad in ("", "x" * 51):
        expect_status(
            client.post("/loans", json={"book_id": 1, "borrower": bad}),
            422,
            f"POST /loans with a borrower of {len(bad)} characters",
        )


@pytest.mark.weight(2)
def test_api_information(client: httpx.Client) -> None:
    """The schema's info has the API's title, version and description"""
    info = _schema(client).get("info", {})
    got = {key: info.get(key) for key in ("title", "version", "description")}
    expected = {
        "title": "Bookshelf API",
        "version": "2.3.0",
        "description": "Search the catalogue and borrow books.",
    }
    assert got == expected, f"expected {expected}, got {got}"


@pytest.mark.weight(2)
def test_logo_extension(client: httpx.Client) -> None:
    """The schema's info carries the x-logo vendor extension"""
    info = _schema(client).get("info", {})
    assert info.get("x-logo") == LOGO, f"expected info['x-logo'] == {LOGO}, got {info}"


@pytest.mark.weight(1)
def test_logo_with_everything_else(client: httpx.Client) -> None:
    """The customised schema keeps the title and tag metadata next to the logo"""
    schema = _schema(client)
    info = schema.get("info", {})
    assert info.get("x-logo") == LOGO, f"expected info['x-logo'] == {LOGO}, got {info}"
    assert info.get("title") == "Bookshelf API", f"expected the title, got {info}"
    assert schema.get("tags") == TAGS, (
        f"expected the tag metadata {TAGS} in the customised schema, got {schema.get('tags')}"
    )


@pytest.mark.weight(2)
def test_tag_metadata(client: httpx.Client) -> None:
    """The schema lists the books and loans tags with their descriptions, in order"""
    tags = _schema(client).get("tags")
    assert tags == TAGS, f"expected {TAGS}, got {tags}"


@pytest.mark.weight(3)
def test_operation_metadata(client: httpx.Client) -> None:
    """Each operation has its tag, summary and operationId"""
    schema = _schema(client)
    for path, method, tags, summary, operation_id in OPERATIONS:
        op = _operation(schema, path, method)
        got = {key: op.get(key) for key in ("tags", "summary", "operationId")}
        expected = {"tags": tags, "summary": summary, "operationId": operation_id}
        assert got == expected, f"{method.upper()} {path}: expected {expected}, got {got}"


@pytest.mark.weight(2)
def test_documented_responses(client: httpx.Client) -> None:
    """getBook and createLoan document their success and 404 responses"""
    schema = _schema(client)
    book = _operation(schema, "/books/{book_id}", "get").get("responses", {})
    assert book.get("200", {}).get("description") == "The requested book", (
        f"GET /books/{{book_id}}: expected the 200 described as 'The requested book', "
        f"got {book.get('200')}"
    )
    assert book.get("404", {}).get("description") == "Book not found", (
        f"GET /books/{{book_id}}: expected a 404 described as 'Book not found', "
        f"got {book.get('404')}"
    )
    loan = _operation(schema, "/loans", "post").get("responses", {})
    assert "201" in loan and "200" not in loan, (
        f"POST /loans: expected a documented 201 and no 200, got {sorted(loan)}"
    )
    assert loan.get("404", {}).get("description") == "Book not found", (
        f"POST /loans: expected a 404 described as 'Book not found', got {loan.get('404')}"
    )


@pytest.mark.weight(1)
def test_request_model_documentation(client: httpx.Client) -> None:
    """LoanCreate documents book_id and borrower with a description and examples"""
    schemas = _schema(client).get("components", {}).get("schemas", {})
    props = schemas.get("LoanCreate", {}).get("properties")
    assert isinstance(props, dict), (
        f"expected a LoanCreate schema in components, got {sorted(schemas)}"
    )
    book_id, borrower = props.get("book_id", {}), props.get("borrower", {})
    assert book_id.get("description") == "Id of the book to borrow", (
        f"book_id: expected the description 'Id of the book to borrow', got {book_id}"
    )
    assert book_id.get("examples") == [1], f"book_id: expected examples [1], got {book_id}"
    assert borrower.get("examples") == ["ada"], (
        f"borrower: expected examples ['ada'], got {borrower}"
    )


@pytest.mark.weight(2)
def test_internal_route_hidden_but_working(client: httpx.Client) -> None:
    """The internal metrics route answers but is not in the schema"""
    r = client.get("/internal/metrics")
    expect_status(r, 200, "GET /internal/metrics")
    body = json_body(r)
    assert isinstance(body, dict) and body.get("books") == 3, (
        f"expected {{'books': 3, 'loans': ...}}, got {r.text[:200]}"
    )
    assert isinstance(body.get("loans"), int), f"expected an integer 'loans', got {body}"
    paths = sorted(_schema(client)["paths"])
    assert not [p for p in paths if p.startswith("/internal")], (
        f"expected no /internal path in the schema, got {paths}"
    )


@pytest.mark.weight(2)
def test_swagger_ui_moved(client: httpx.Client) -> None:
    """Swagger UI is served at /api/docs and loads /openapi.json"""
    r = client.get("/api/docs")
    expect_status(r, 200, "GET /api/docs")
    assert r.headers.get("content-type", "").startswith("text/html"), (
        f"GET /api/docs: expected an HTML page, got {r.headers.get('content-type')!r}"
    )
    assert "swagger" in r.text.lower() and "/openapi.json" in r.text, (
        "GET /api/docs: expected Swagger UI loading /openapi.json"
    )


@pytest.mark.weight(1)
def test_old_docs_urls_gone(client: httpx.Client) -> None:
    """The default docs URLs no longer answer: /docs and /redoc are 404"""
    for path in ("/docs", "/redoc"):
        expect_status(client.get(path), 404, f"GET {path}")
