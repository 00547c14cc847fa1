"""Products API: APIRouter, a try/finally session generator that rolls back on failure,
and an IntegrityError exception handler that turns unique-constraint violations into 409."""

from collections.abc import Iterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import StringConstraints, field_validator
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool
from sqlmodel import Field, Session, SQLModel, col, create_engine, select

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


def get_session(engine: Engine = Depends(get_engine)) -> Iterator[Session]:
    session = Session(engine)
    try:
        yield session
    except IntegrityError:
        session.rollback()  # leave nothing half-done; the handler below answers 409
        raise
    finally:
        session.close()


@asynccontextmanager
async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
    SQLModel.metadata.create_all(_engine)
    yield


router = APIRouter(prefix="/products", tags=["products"])


class ProductRepository:
    """Class-based dependency wrapping the request's session."""

    def __init__(self, session: Session = Depends(get_session)) -> None:
        self.session = session

    def get(self, product_id: int) -> Product:
        product = self.session.get(Product, product_id)
        if product is None:
            raise HTTPException(404, detail="Product not found")
        return product

    def save(self, product: Product) -> Product:
        self.session.add(product)
        self.session.commit()
        self.session.refresh(product)
        return product


@router.post("", status_code=201, response_model=ProductPublic)
def create_product(payload: ProductCreate, response: Response, repo: ProductRepository = Depends()):
    product = repo.save(Product(**payload.model_dump()))
    response.headers["Location"] = f"/products/{product.id}"
    return ProductPublic.model_validate(product)


@router.get("", response_model=list[ProductPublic])
def list_products(repo: ProductRepository = Depends()):
    rows = repo.session.exec(select(Product).order_by(col(Product.id).asc()))
    return [ProductPublic.model_validate(row) for row in rows]


@router.get("/{product_id}", response_model=ProductPublic)
def read_product(product_id: int, repo: ProductRepository = Depends()):
    return ProductPublic.model_validate(repo.get(product_id))


@router.patch("/{product_id}", response_model=ProductPublic)
def update_product(product_id: int, payload: ProductUpdate, repo: ProductRepository = Depends()):
    product = repo.get(product_id)
    product.sqlmodel_update(payload.model_dump(exclude_unset=True))
    return ProductPublic.model_validate(repo.save(product))


@router.delete("/{product_id}", status_code=204, response_class=Response)
def delete_product(product_id: int, repo: ProductRepository = Depends()) -> None:
    repo.session.delete(repo.get(product_id))
    repo.session.commit()


app = FastAPI(title="Products", lifespan=lifespan)
app.include_router(router)


@app.exception_handler(IntegrityError)
async def integrity_conflict(request: Request, exc: IntegrityError) -> JSONResponse:
    return JSONResponse({"detail": "SKU already exists"}, status_code=409)
