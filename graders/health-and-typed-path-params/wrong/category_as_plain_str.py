"""Catalog API -- KNOWN-WRONG solution.

Mistake: category is a plain str, so an unknown category is 200 [] instead of 422.
"""

from enum import StrEnum
from typing import Annotated

from fastapi import FastAPI, HTTPException, Path, status
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

MAX_ITEM_ID = 1_000_000

ItemId = Annotated[int, Path(ge=1, le=MAX_ITEM_ID, description="Catalog item id")]


class Health(BaseModel):
    status: str


@app.get("/health")
def health() -> Health:
    return Health(status="ok")


# Declared before /items/{item_id}: routes match in order, and "featured" is not an int.
@app.get("/items/featured")
def featured_items() -> list[Item]:
    return [item for _, item in sorted(ITEMS.items()) if item.featured]


@app.get("/items/{item_id}", responses={404: {"description": "Item not found"}})
def get_item(item_id: ItemId) -> Item:
    item = ITEMS.get(item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
    return item


@app.get("/categories/{category}/items")
def items_in_category(category: str) -> list[Item]:
    return [item for _, item in sorted(ITEMS.items()) if item.category == category]
