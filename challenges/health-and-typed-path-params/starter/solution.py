"""Catalog API: health check and typed path parameters.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Category`, `Item` and `ITEMS` as they are: the grader's tests use this data.
"""

from enum import StrEnum

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel

app = FastAPI(title="Catalog")


class Category(StrEnum):
    tools = "tools"
    toys = "toys"
    books = "books"
    garden = "garden"


class Item(BaseModel):
    id: int
    name: str
    category: Category
    price_cents: int
    featured: bool


ITEMS: dict[int, Item] = {
    1: Item(id=1, name="Widget", category=Category.tools, price_cents=499, featured=True),
    2: Item(id=2, name="Gadget", category=Category.tools, price_cents=1299, featured=False),
    3: Item(id=3, name="Yo-yo", category=Category.toys, price_cents=250, featured=True),
    4: Item(id=4, name="Kite", category=Category.toys, price_cents=1500, featured=False),
    7: Item(
        id=7, name="FastAPI Field Guide", category=Category.books, price_cents=3900, featured=True
    ),
}


@app.get("/health")
def health() -> dict[str, str]:
    # TODO: report that the service is up (see the statement for the exact body).
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, detail="Not implemented")


# TODO: GET /items/featured
# TODO: GET /items/{item_id}
# TODO: GET /categories/{category}/items
