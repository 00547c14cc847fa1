"""Products API on SQLModel. The models and the engine are ready; the routes are not.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the model names, `get_engine` and `get_session`: the grader overrides `get_engine` with an
engine on its own database.
"""

from collections.abc import Iterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI
from pydantic import StringConstraints, field_validator
from sqlalchemy import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Field, Session, SQLModel, create_engine

# Not Field(regex=...): sqlmodel 0.0.50 accepts that argument and silently ignores it.
Sku = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9-]{3,20}$")]


class ProductBase(SQLModel):
    sku: Sku = Field(unique=True, index=True)
    name: str = Field(min_length=1, max_length=100)
    price_cents: int = Field(ge=0)
    description: str | None = Field(default=None, max_length=500)


class Product(ProductBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    cost_cents: int = Field(ge=0)  # what the supplier charges us: never in a response


class ProductCreate(ProductBase):
    cost_cents: int = Field(ge=0)


class ProductPublic(ProductBase):
    id: int


class ProductUpdate(SQLModel):
    sku: Sku | None = None
    name: str | None = Field(default=None, min_length=1, max_length=100)
    price_cents: int | None = Field(default=None, ge=0)
    description: str | None = Field(default=None, max_length=500)
    cost_cents: int | None = Field(default=None, ge=0)

    @field_validator("sku", "name", "price_cents", "cost_cents")
    @classmethod
    def not_null(cls, value: object) -> object:
        """Only sent fields are validated: an explicit null is refused, an absent field is not."""
        if value is None:
            raise ValueError("may be omitted, but not null")
        return value


# One in-memory database shared by every connection of this process.
_engine = create_engine(
    "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
)


def get_engine() -> Engine:
    return _engine


def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    # TODO: one new session per request, closed after the request (see the statement).
    raise NotImplementedError


SessionDep = Annotated[Session, Depends(get_session)]


@asynccontextmanager
async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
    SQLModel.metadata.create_all(_engine)
    yield


app = FastAPI(title="Products", lifespan=lifespan)

# TODO: POST /products, GET /products, GET /products/{product_id},
#       PATCH /products/{product_id}, DELETE /products/{product_id}
