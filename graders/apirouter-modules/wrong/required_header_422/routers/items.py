"""Item catalogue: /items. Every route needs the API key."""

from fastapi import APIRouter, Depends, HTTPException, status

from data import ITEMS, Item, ItemCreate, add_item
from dependencies import require_api_key

router = APIRouter(
    prefix="/items",
    tags=["items"],
    dependencies=[Depends(require_api_key)],
    responses={401: {"description": "Missing or invalid X-API-Key"}},
)


@router.get("")
def list_items() -> list[Item]:
    return [ITEMS[item_id] for item_id in sorted(ITEMS)]


@router.get("/{item_id}")
def get_item(item_id: int) -> Item:
    item = ITEMS.get(item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
    return item


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_item(payload: ItemCreate) -> Item:
    return add_item(payload)
