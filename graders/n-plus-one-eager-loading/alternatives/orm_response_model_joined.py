"""Library API on SQLModel. It works, but GET /authors gets slower with every author.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the table models `Author` and `Book` (their columns and relationships), `get_session`, and
the response models: the grader replaces `get_session` with sessions on its own database.
"""

from collections.abc import Iterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Response, status
from pydantic import BaseModel, Field
from sqlalchemy.pool import StaticPool
from sqlmodel import Field as SQLField
from sqlmodel import Relationship, Session, SQLModel, create_engine, select


class Author(SQLModel, table=True):
    id: int | None = SQLField(default=None, primary_key=True)
    name: str
    books: list["Book"] = Relationship(
        back_populates="author", sa_relationship_kwargs={"order_by": "Book.id"}
    )


class Book(SQLModel, table=True):
    id: int | None = SQLField(default=None, primary_key=True)
    title: str
    year: int
    author_id: int = SQLField(foreign_key="author.id", index=True)
    author: Author = Relationship(back_populates="books")


class AuthorCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class BookCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    year: int = Field(ge=1450, le=2100)


class BookOut(BaseModel):
    id: int
    title: str
    year: int


class AuthorRef(BaseModel):
    id: int
    name: str


class AuthorOut(AuthorRef):
    books: list[BookOut]


class BookWithAuthor(BookOut):
    author: AuthorRef


engine = create_engine(
    "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
)


@asynccontextmanager
async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
    SQLModel.metadata.create_all(engine)
    yield


app = FastAPI(title="Library", lifespan=lifespan)


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


# Style: return ORM objects directly and let response_model (from_attributes) serialise them;
# collections loaded with a single JOIN (joinedload + unique()), session.get with options.
from sqlalchemy.orm import joinedload, selectinload


@app.get("/authors", response_model=list[AuthorOut])
def list_authors(session: SessionDep):
    stmt = select(Author).options(joinedload(Author.books)).order_by(Author.id)
    return session.exec(stmt).unique().all()


@app.get("/authors/{author_id}", response_model=AuthorOut)
def read_author(author_id: int, session: SessionDep):
    author = session.get(Author, author_id, options=[selectinload(Author.books)])
    if author is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Author not found")
    return author


@app.get("/books", response_model=list[BookWithAuthor])
def list_books(session: SessionDep):
    return session.exec(select(Book).options(selectinload(Book.author)).order_by(Book.id)).all()


@app.post("/authors", status_code=status.HTTP_201_CREATED, response_model=AuthorOut)
def create_author(payload: AuthorCreate, session: SessionDep, response: Response):
    author = Author(name=payload.name)
    session.add(author)
    session.commit()
    session.refresh(author)
    response.headers["Location"] = f"/authors/{author.id}"
    return {"id": author.id, "name": author.name, "books": []}


@app.post("/authors/{author_id}/books", status_code=status.HTTP_201_CREATED,
          response_model=BookWithAuthor)
def create_book(author_id: int, payload: BookCreate, session: SessionDep):
    author = session.get(Author, author_id)
    if author is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Author not found")
    book = Book(title=payload.title, year=payload.year, author_id=author_id)
    session.add(book)
    session.commit()
    session.refresh(book)
    return {"id": book.id, "title": book.title, "year": book.year,
            "author": {"id": author.id, "name": author.name}}
