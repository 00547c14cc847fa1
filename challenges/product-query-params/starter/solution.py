"""Product catalog: filtering and pagination with query parameters.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Category`, `Product`, `ProductPage` and `PRODUCTS` as they are: the grader's tests use
this data.
"""

from enum import StrEnum

from fastapi import FastAPI
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
def list_products() -> ProductPage:
    # TODO: pagination (page, limit) and the optional filters described in the statement.
    return ProductPage(items=PRODUCTS, total=len(PRODUCTS), page=1, limit=len(PRODUCTS))
