# WRONG: min_price > max_price is rejected with a hand-built 422. Violates "min_price greater than max_price is not an error: it simply matches nothing".
"""Product catalog: filtering and pagination with query parameters.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Category`, `Product`, `ProductPage` and `PRODUCTS` as they are: the grader's tests use
this data.
"""

from enum import StrEnum
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel

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


@app.get("/products")
def list_products(
    page: Annotated[int, Query(ge=1, description="1-based page number")] = 1,
    limit: Annotated[int, Query(ge=1, le=20, description="page size")] = 5,
    category: Annotated[Category | None, Query()] = None,
    min_price: Annotated[int | None, Query(ge=0)] = None,
    max_price: Annotated[int | None, Query(ge=0)] = None,
    in_stock: Annotated[bool | None, Query()] = None,
    q: Annotated[str | None, Query(min_length=2, max_length=40)] = None,
) -> ProductPage:
    if min_price is not None and max_price is not None and min_price > max_price:
        raise HTTPException(422, detail="min_price must not exceed max_price")
    needle = q.casefold() if q is not None else None
    matching = [
        product
        for product in sorted(PRODUCTS, key=lambda p: p.id)
        if (category is None or product.category == category)
        and (min_price is None or product.price_cents >= min_price)
        and (max_price is None or product.price_cents <= max_price)
        and (in_stock is None or product.in_stock == in_stock)
        and (needle is None or needle in product.name.casefold())
    ]
    start = (page - 1) * limit
    return ProductPage(items=matching[start : start + limit], total=len(matching), page=page, limit=limit)
