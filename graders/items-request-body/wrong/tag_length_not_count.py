# WRONG: max_length=5 put on each tag instead of the list; violates "tags ... at most 5 entries"
"""Inventory API: JSON request bodies with Pydantic and a dataclass."""

import itertools
import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import Body, FastAPI, HTTPException, Query, status
from pydantic import BaseModel, Field

app = FastAPI(title="Inventory")


class ItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    price: float = Field(gt=0)
    tags: list[Annotated[str, Field(max_length=5)]] = Field(default_factory=list)
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


def _get_or_404(item_id: int) -> Item:
    item = ITEMS.get(item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
    return item


@app.get("/items/{item_id}")
def read_item(item_id: int) -> Item:
    return _get_or_404(item_id)


@app.post("/items", status_code=status.HTTP_201_CREATED)
def create_item(item_in: ItemIn) -> Item:
    item = Item(id=next(_next_id), **item_in.model_dump())
    ITEMS[item.id] = item
    return item


@app.put("/items/{item_id}")
def replace_item(item_id: int, item_in: ItemIn, dry_run: Annotated[bool, Query()] = False) -> Item:
    _get_or_404(item_id)
    item = Item(id=item_id, **item_in.model_dump())
    if not dry_run:
        ITEMS[item_id] = item
    return item


@app.patch("/items/{item_id}/price")
def update_price(item_id: int, price: Annotated[float, Body(gt=0, embed=True)]) -> Item:
    item = _get_or_404(item_id).model_copy(update={"price": price})
    ITEMS[item_id] = item
    return item


@app.post("/shipping/quote")
def quote(parcel: Parcel) -> Quote:
    return Quote(cost_cents=shipping_cost_cents(parcel))
