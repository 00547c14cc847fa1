"""Fakes for the n-plus-one-eager-loading challenge (runs in the candidate's process; not secret).

Replaces `get_session` with sessions on the grader's own in-memory SQLite engine, built from the
candidate's SQLModel tables, and counts every SQL statement sent on it (an engine
`before_cursor_execute` listener):

    POST /reset                    drop and recreate the tables; forget the statements
    POST /seed {"authors": [{"name": ..., "books": [{"title": ..., "year": ...}]}]}
                                   insert through the candidate's Author and Book models
    POST /statements/clear         forget the statements counted so far
    GET  /statements               {"count": n, "statements": [...]} since the last clear
"""

import threading
import types
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel
from sqlalchemy import event
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine


class NewBook(BaseModel):
    title: str
    year: int


class NewAuthor(BaseModel):
    name: str
    books: list[NewBook] = []


class Seed(BaseModel):
    authors: list[NewAuthor]


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    engine = create_engine(
        "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
    )
    SQLModel.metadata.create_all(engine)
    statements: list[str] = []
    lock = threading.Lock()

    @event.listens_for(engine, "before_cursor_execute")
    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        with lock:
            statements.append(" ".join(statement.split()))

    def grader_session() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    app.dependency_overrides[module.get_session] = grader_session
    router = APIRouter()

    @router.post("/reset")
    def reset() -> dict[str, bool]:
        SQLModel.metadata.drop_all(engine)
        SQLModel.metadata.create_all(engine)
        with lock:
            statements.clear()
        return {"ok": True}

    @router.post("/seed")
    def seed(body: Seed) -> dict[str, Any]:
        created: list[dict[str, Any]] = []
        with Session(engine) as session:
            for new in body.authors:
                author = module.Author(name=new.name)
                session.add(author)
                session.flush()
                books = []
                for nb in new.books:
                    book = module.Book(title=nb.title, year=nb.year, author_id=author.id)
                    session.add(book)
                    session.flush()
                    books.append({"id": book.id, "title": book.title, "year": book.year})
                created.append({"id": author.id, "name": author.name, "books": books})
            session.commit()
        with lock:
            statements.clear()
        return {"authors": created}

    @router.post("/statements/clear")
    def clear() -> dict[str, bool]:
        with lock:
            statements.clear()
        return {"ok": True}

    @router.get("/statements")
    def read() -> dict[str, Any]:
        with lock:
            return {"count": len(statements), "statements": list(statements)}

    return router
