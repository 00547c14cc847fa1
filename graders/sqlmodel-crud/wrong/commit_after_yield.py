# WRONG: commit in the dependency after yield, routes only flush -- violates "Commit in the route, before returning. Code after yield ... runs only after the response has been sent"
"""Products API on SQLModel: one Session per request from the injected engine, commits in
the routes, IntegrityError -> rollback -> 409."""

from collections.abc import Iterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Response, status
from pydantic import StringConstraints, field_validator
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool
from sqlmodel import Field, Session, SQLModel, create_engine, select

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
    with Session(engine) as session:
        yield session
        session.commit()


SessionDep = Annotated[Session, Depends(get_session)]


@asynccontextmanager
async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
    SQLModel.metadata.create_all(_engine)
    yield


app = FastAPI(title="Products", lifespan=lifespan)


def load_or_404(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
    return product


def commit_or_409(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, detail="SKU already exists") from None


@app.post("/products", status_code=status.HTTP_201_CREATED)
def create_product(payload: ProductCreate, session: SessionDep, response: Response) -> ProductPublic:
    product = Product.model_validate(payload)
    session.add(product)
    commit_or_409(session)
    session.refresh(product)
    response.headers["Location"] = f"/products/{product.id}"
    return ProductPublic.model_validate(product)


@app.get("/products")
def list_products(session: SessionDep) -> list[ProductPublic]:
    products = session.exec(select(Product).order_by(Product.id)).all()
    return [ProductPublic.model_validate(p) for p in products]


@app.get("/products/{product_id}")
def read_product(product_id: int, session: SessionDep) -> ProductPublic:
    return ProductPublic.model_validate(load_or_404(session, product_id))


@app.patch("/products/{product_id}")
def update_product(product_id: int, payload: ProductUpdate, session: SessionDep) -> ProductPublic:
    product = load_or_404(session, product_id)
    product.sqlmodel_update(payload.model_dump(exclude_unset=True))
    session.add(product)
    commit_or_409(session)
    session.refresh(product)
    return ProductPublic.model_validate(product)


@app.delete("/products/{product_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_product(product_id: int, session: SessionDep) -> Response:
    session.delete(load_or_404(session, product_id))
    session.flush()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
