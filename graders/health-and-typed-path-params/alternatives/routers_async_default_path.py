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


# Style: APIRouters, async routes, default-value `Path(...)` style, response_model= on the
# decorator, JSONResponse for the 404, and the featured route on its own router included first.
from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

ItemId = int

meta = APIRouter()
items = APIRouter(prefix="/items", tags=["items"])
categories = APIRouter(prefix="/categories", tags=["categories"])


@meta.get("/health")
async def health():
    return {"status": "ok"}


@items.get("/featured", response_model=list[Item])
async def featured_items():
    return [ITEMS[k] for k in sorted(ITEMS) if ITEMS[k].featured]


@items.get("/{item_id}", response_model=Item, responses={404: {"description": "Item not found"}})
async def read_item(item_id: ItemId = Path(..., ge=1, le=1_000_000, description="1 to 1,000,000")):
    if item_id not in ITEMS:
        return JSONResponse(status_code=404, content={"detail": "Item not found"})
    return ITEMS[item_id]


@categories.get("/{category}/items", response_model=list[Item])
async def items_in_category(category: Category = Path(...)):
    return [ITEMS[k] for k in sorted(ITEMS) if ITEMS[k].category is category]


app.include_router(meta)
app.include_router(items)
app.include_router(categories)
