"""Products CRUD on SQLModel with one session per request (reference solution).

The engine comes from the `get_engine` dependency, so a test (or the grader) can point the
whole app at another database with one override. Transactions are committed in the handlers,
before the response: a commit after `yield` in the session dependency would run after the client
already received its 2xx.
"""

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
    """A new session for every request, closed (and rolled back if unfinished) afterwards."""
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


@asynccontextmanager
async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
    SQLModel.metadata.create_all(_engine)
    yield


app = FastAPI(title="Products", lifespan=lifespan)

NOT_FOUND = {404: {"description": "Product not found"}}
CONFLICT = {409: {"description": "SKU already used by another product"}}


def load_product(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
    return product


def save(session: Session, product: Product) -> ProductPublic:
    """Commit, turning the unique-SKU violation into a 409 (the database decides, atomically)."""
    session.add(product)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, detail="SKU already exists") from None
    session.refresh(product)
    return ProductPublic.model_validate(product)


@app.post("/products", status_code=status.HTTP_201_CREATED, responses=CONFLICT)
def create_product(
    payload: ProductCreate, session: SessionDep, response: Response
) -> ProductPublic:
    product = save(session, Product.model_validate(payload))
    response.headers["Location"] = f"/products/{product.id}"
    return product


@app.get("/products")
def list_products(session: SessionDep) -> list[ProductPublic]:
    products = session.exec(select(Product).order_by(Product.id)).all()
    return [ProductPublic.model_validate(product) for product in products]


@app.get("/products/{product_id}", responses=NOT_FOUND)
def get_product(product_id: int, session: SessionDep) -> ProductPublic:
    return ProductPublic.model_validate(load_product(session, product_id))


@app.patch("/products/{product_id}", responses={**NOT_FOUND, **CONFLICT})
def update_product(product_id: int, payload: ProductUpdate, session: SessionDep) -> ProductPublic:
    product = load_product(session, product_id)
    product.sqlmodel_update(payload.model_dump(exclude_unset=True))
    return save(session, product)


@app.delete("/products/{product_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_product(product_id: int, session: SessionDep) -> None:
    session.delete(load_product(session, product_id))
    session.commit()
