# WRONG: the key check is attached route by route, and the POST was forgotten ('attach it to the items router (dependencies=[...]), not to each route'; 'Every /items route ... requires the header')
"""Item catalogue: /items. Every route needs the API key."""

from fastapi import APIRouter, Depends, HTTPException, status

from data import ITEMS, Item, ItemCreate, add_item
from dependencies import require_api_key

router = APIRouter(
    prefix="/items",
    tags=["items"],
    responses={401: {"description": "Missing or invalid X-API-Key"}},
)


@router.get("", dependencies=[Depends(require_api_key)])
def list_items() -> list[Item]:
    return [ITEMS[item_id] for item_id in sorted(ITEMS)]


@router.get("/{item_id}", dependencies=[Depends(require_api_key)])
def get_item(item_id: int) -> Item:
    item = ITEMS.get(item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
    return item


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_item(payload: ItemCreate) -> Item:
    return add_item(payload)
