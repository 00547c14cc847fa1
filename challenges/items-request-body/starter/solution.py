"""Inventory API: JSON request bodies with Pydantic and a dataclass.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `ItemIn`, `Item`, `Parcel`, `Quote`, `ITEMS` and `shipping_cost_cents`.
"""

import itertools
import math
from dataclasses import dataclass

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel

app = FastAPI(title="Inventory")


class ItemIn(BaseModel):
    # TODO: the constraints and defaults from the statement.
    name: str
    price: float
    tags: list[str]
    description: str | None


class Item(ItemIn):
    id: int


@dataclass
class Parcel:
    # TODO: weight_kg must be more than 0 and at most 30. Keep Parcel a dataclass.
    weight_kg: float
    express: bool = False


class Quote(BaseModel):
    cost_cents: int


ITEMS: dict[int, Item] = {}
_next_id = itertools.count(1)


def shipping_cost_cents(parcel: Parcel) -> int:
    """400 cents, plus 150 per started kilogram; express doubles the price."""
    cost = 400 + 150 * math.ceil(parcel.weight_kg)
    return cost * 2 if parcel.express else cost


@app.get("/items/{item_id}")
def read_item(item_id: int) -> Item:
    item = ITEMS.get(item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
    return item


# TODO: POST /items
# TODO: PUT /items/{item_id}
# TODO: PATCH /items/{item_id}/price
# TODO: POST /shipping/quote
