"""Inventory API: JSON request bodies with Pydantic and a dataclass (reference solution)."""

import itertools
import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import Body, FastAPI, HTTPException, status
from pydantic import BaseModel, Field

app = FastAPI(title="Inventory")


class ItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    price: float = Field(gt=0)
    tags: list[str] = Field(default_factory=list, max_length=5)
    description: str | None = None


class Item(ItemIn):
    id: int


@dataclass
class Parcel:
    weight_kg: Annotated[float, Field(gt=0, le=30)]
    express: bool = False


class Quote(BaseModel):
    cost_cents: int


ITEMS: dict[int, Item] = {}
_next_id = itertools.count(1)

def shipping_cost_cents(parcel: Parcel) -> int:
    """400 cents, plus 150 per started kilogram; express doubles the price."""
    cost = 400 + 150 * math.ceil(parcel.weight_kg)
    return cost * 2 if parcel.express else cost


def _existing(item_id: int) -> Item:
    item = ITEMS.get(item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
    return item


@app.post("/items", status_code=status.HTTP_201_CREATED)
def create_item(item: ItemIn) -> Item:
    created = Item(id=next(_next_id), **item.model_dump())
    ITEMS[created.id] = created
    return created


@app.get("/items/{item_id}")
def read_item(item_id: int) -> Item:
    return _existing(item_id)


@app.put("/items/{item_id}")
def replace_item(item_id: int, item: ItemIn, dry_run: bool = False) -> Item:
    """Replace every field of the item; with dry_run, only show the result."""
    _existing(item_id)
    replaced = Item(id=item_id, **item.model_dump())
    if not dry_run:
        ITEMS[item_id] = replaced
    return replaced


@app.patch("/items/{item_id}/price")
def change_price(item_id: int, price: Annotated[float, Body(embed=True, gt=0)]) -> Item:
    updated = _existing(item_id).model_copy(update={"price": price})
    ITEMS[item_id] = updated
    return updated


@app.post("/shipping/quote")
def shipping_quote(parcel: Parcel) -> Quote:
    return Quote(cost_cents=shipping_cost_cents(parcel))
