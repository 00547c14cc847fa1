"""Inventory API. Style: APIRouters, async routes, default-value parameter style
(`= Body(...)`, `= Query(...)`), `annotated_types` constraints on the dataclass, `conlist`-style
`Annotated[list[str], Len(...)]`, explicit `response_model=` and a dict-based rebuild."""

import itertools
import math
from dataclasses import dataclass
from typing import Annotated

from annotated_types import Gt, Le, Len
from fastapi import APIRouter, Body, FastAPI, HTTPException, Query
from pydantic import BaseModel, Field, StringConstraints

app = FastAPI(title="Inventory")


class ItemIn(BaseModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    price: Annotated[float, Gt(0)]
    tags: Annotated[list[str], Len(0, 5)] = []
    description: str | None = Field(default=None)


class Item(ItemIn):
    id: int


@dataclass
class Parcel:
    weight_kg: Annotated[float, Gt(0), Le(30)]
    express: bool = False


class Quote(BaseModel):
    cost_cents: int


ITEMS: dict[int, Item] = {}
_next_id = itertools.count(1)


def shipping_cost_cents(parcel: Parcel) -> int:
    """400 cents, plus 150 per started kilogram; express doubles the price."""
    cost = 400 + 150 * math.ceil(parcel.weight_kg)
    return cost * 2 if parcel.express else cost


items = APIRouter(prefix="/items")
shipping = APIRouter(prefix="/shipping")

NOT_FOUND = HTTPException(404, detail="Item not found")


@items.get("/{item_id}", response_model=Item)
async def read_item(item_id: int):
    if item_id not in ITEMS:
        raise NOT_FOUND
    return ITEMS[item_id]


@items.post("", status_code=201, response_model=Item)
async def create_item(body: ItemIn):
    new_id = next(_next_id)
    ITEMS[new_id] = Item(id=new_id, **body.model_dump())
    return ITEMS[new_id]


@items.put("/{item_id}", response_model=Item)
async def replace_item(item_id: int, body: ItemIn, dry_run: bool = Query(default=False)):
    if item_id not in ITEMS:
        raise NOT_FOUND
    replacement = Item.model_validate({**body.model_dump(), "id": item_id})
    if dry_run:
        return replacement
    ITEMS[item_id] = replacement
    return replacement


@items.patch("/{item_id}/price", response_model=Item)
async def update_price(item_id: int, price: float = Body(..., embed=True, gt=0)):
    if item_id not in ITEMS:
        raise NOT_FOUND
    data = ITEMS[item_id].model_dump()
    data["price"] = price
    ITEMS[item_id] = Item(**data)
    return ITEMS[item_id]


@shipping.post("/quote", response_model=Quote)
async def quote(parcel: Parcel):
    return {"cost_cents": shipping_cost_cents(parcel)}


app.include_router(items)
app.include_router(shipping)
