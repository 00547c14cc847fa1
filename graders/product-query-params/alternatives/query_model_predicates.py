"""Product catalog: filtering and pagination with query parameters.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Category`, `Product`, `ProductPage` and `PRODUCTS` as they are: the grader's tests use
this data.
"""

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

app = FastAPI(title="Product catalog")


class Category(StrEnum):
    kitchen = "kitchen"
    garden = "garden"
    office = "office"


class Product(BaseModel):
    id: int
    name: str
    category: Category
    price_cents: int
    in_stock: bool


class ProductPage(BaseModel):
    items: list[Product]
    total: int
    page: int
    limit: int


PRODUCTS: list[Product] = [
    Product(id=1, name="Chef Knife", category=Category.kitchen, price_cents=4500, in_stock=True),
    Product(id=2, name="Cutting Board", category=Category.kitchen, price_cents=1800, in_stock=True),
    Product(id=3, name="Garden Hose", category=Category.garden, price_cents=2999, in_stock=False),
    Product(id=4, name="Desk Lamp", category=Category.office, price_cents=3500, in_stock=True),
    Product(id=5, name="Espresso Cup", category=Category.kitchen, price_cents=900, in_stock=False),
    Product(id=6, name="Pruning Shears", category=Category.garden, price_cents=2400, in_stock=True),
    Product(id=7, name="Stapler", category=Category.office, price_cents=1200, in_stock=True),
    Product(id=8, name="Kitchen Scale", category=Category.kitchen, price_cents=2750, in_stock=True),
    Product(id=9, name="Watering Can", category=Category.garden, price_cents=1500, in_stock=False),
    Product(id=10, name="Notebook", category=Category.office, price_cents=350, in_stock=True),
    Product(
        id=11, name="Paper Towel Holder", category=Category.kitchen, price_cents=1100, in_stock=True
    ),
    Product(
        id=12, name="Seed Starter Kit", category=Category.garden, price_cents=1999, in_stock=True
    ),
]


class ProductQuery(BaseModel):
    """All query parameters of GET /products, validated by FastAPI as a query-parameter model."""

    page: int = Field(1, ge=1)
    limit: int = Field(5, ge=1, le=20)
    category: Category | None = None
    min_price: int | None = Field(None, ge=0)
    max_price: int | None = Field(None, ge=0)
    in_stock: bool | None = None
    q: str | None = Field(None, min_length=2, max_length=40)

    def predicates(self) -> list[Callable[[Product], bool]]:
        checks: list[Callable[[Product], bool]] = []
        if self.category is not None:
            checks.append(lambda p: p.category is self.category)
        if self.min_price is not None:
            checks.append(lambda p: p.price_cents >= self.min_price)
        if self.max_price is not None:
            checks.append(lambda p: p.price_cents <= self.max_price)
        if self.in_stock is not None:
            checks.append(lambda p: p.in_stock is self.in_stock)
        if self.q is not None:
            needle = self.q.lower()
            checks.append(lambda p: needle in p.name.lower())
        return checks


@app.get("/products", response_model=ProductPage)
async def list_products(query: Annotated[ProductQuery, Query()]):
    checks = query.predicates()
    matching = sorted(
        (p for p in PRODUCTS if all(check(p) for check in checks)), key=lambda p: p.id
    )
    offset = (query.page - 1) * query.limit
    return {
        "items": matching[offset : offset + query.limit],
        "total": len(matching),
        "page": query.page,
        "limit": query.limit,
    }
