"""The shop's data and models. Do not change this file: the grader's tests use exactly this data."""

from itertools import count

from pydantic import BaseModel, Field


class User(BaseModel):
    id: int
    username: str
    full_name: str


class ItemCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    price_cents: int = Field(ge=0)


class Item(BaseModel):
    id: int
    name: str
    price_cents: int


USERS: dict[int, User] = {
    1: User(id=1, username="ada", full_name="Ada Lovelace"),
    2: User(id=2, username="grace", full_name="Grace Hopper"),
    3: User(id=3, username="linus", full_name="Linus Torvalds"),
}

ITEMS: dict[int, Item] = {
    1: Item(id=1, name="Keyboard", price_cents=4999),
    2: Item(id=2, name="Mouse", price_cents=1999),
    3: Item(id=3, name="Monitor", price_cents=18999),
}

_next_item_id = count(len(ITEMS) + 1)


def add_item(payload: ItemCreate) -> Item:
    """Store a new item under the next free id and return it."""
    item = Item(id=next(_next_item_id), **payload.model_dump())
    ITEMS[item.id] = item
    return item
